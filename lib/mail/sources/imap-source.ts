// IMAP source over imapflow. Every fetch/store/expunge is by UID; deletion is UID STORE \Deleted +
// UID EXPUNGE of exactly our UIDs (UIDPLUS required), so messages another client flagged survive.
import type { ImapFlow } from 'imapflow';
import { AppError } from '@/lib/errors';
import type { FetchedMessage, MailSource, SourceRef } from './types';

export class NoUidplusError extends AppError {
  constructor() {
    super(
      'bad_request',
      'The server does not support UIDPLUS, so Caseflow cannot delete only its own messages. Use a server with UIDPLUS (most do).',
      { code: 'no-uidplus' },
    );
  }
}

export async function openImapSource(client: ImapFlow, folder: string): Promise<MailSource> {
  if (!client.capabilities.has('UIDPLUS')) throw new NoUidplusError();
  const mailbox = await client.mailboxOpen(folder);
  const uidValidity = Number(mailbox.uidValidity);
  const uidNext = Number(mailbox.uidNext);

  return {
    uidValidity,
    uidNext,
    async listPending() {
      if (!client.mailbox || client.mailbox.exists === 0) return [];
      const refs: SourceRef[] = [];
      for await (const msg of client.fetch('1:*', { uid: true, flags: true, size: true })) {
        refs.push({
          uidValidity,
          uid: msg.uid,
          size: msg.size,
          flaggedDeleted: msg.flags?.has('\\Deleted') || undefined,
        });
      }
      return refs.sort((a, b) => a.uid! - b.uid!);
    },
    async fetch(refs) {
      if (!refs.length) return [];
      const byUid = new Map(refs.map((r) => [r.uid!, r]));
      const out: FetchedMessage[] = [];
      // Collect first: imapflow must not run other commands inside a fetch iterator.
      for await (const msg of client.fetch(
        refs.map((r) => r.uid).join(','),
        { uid: true, flags: true, source: true },
        { uid: true },
      )) {
        const ref = byUid.get(msg.uid);
        // Flagged \Deleted by another client since we listed it: leave it to them.
        if (ref && msg.source && !msg.flags?.has('\\Deleted')) out.push({ ref, raw: msg.source });
      }
      return out.sort((a, b) => a.ref.uid! - b.ref.uid!);
    },
    async delete(refs) {
      if (!refs.length) return;
      const ok = await client.messageDelete(refs.map((r) => r.uid).join(','), { uid: true });
      if (ok === false)
        throw new AppError(
          'unavailable',
          'The server refused to delete processed messages; they will be retried on the next sync.',
        );
    },
    async close() {
      await client.logout().catch(() => client.close());
    },
    abort() {
      client.close();
    },
  };
}
