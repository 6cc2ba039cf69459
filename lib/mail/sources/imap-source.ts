// IMAP source over imapflow. Every fetch/store/expunge is by UID; deletion is UID STORE \Deleted +
// UID EXPUNGE of exactly our UIDs (UIDPLUS or IMAP4rev2 required), so messages another client flagged survive.
// With "move after processing" the same UIDs are moved instead (MOVE, else UID COPY + the same delete).
import type { ImapFlow, MailboxObject } from 'imapflow';
import { AppError } from '@/lib/errors';
import { takeCommandError } from './imap-command-errors';
import { FINGERPRINT_FIELDS } from '@/lib/mail/import-fingerprint';
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

/**
 * UID EXPUNGE is what Caseflow needs: UIDPLUS (RFC 4315) offers it, and so does IMAP4rev2 (RFC 9051), which imapflow
 * enables whenever a server advertises it. The connection test and the sync both ask this one question.
 */
export function hasUidExpunge(client: Pick<ImapFlow, 'capabilities' | 'enabled'>): boolean {
  const caps = client.capabilities;
  if (caps.has('UIDPLUS')) return true;
  // A server offering both revisions speaks IMAP4rev2 only once it is enabled.
  return caps.has('IMAP4rev2') && (!caps.has('IMAP4rev1') || Boolean(client.enabled?.has('IMAP4rev2')));
}

/**
 * UIDNEXT from SELECT, else from STATUS (Courier-IMAP's SELECT leaves it out, although RFC 3501 requires it),
 * else the highest UID + 1 (a folder that never had a message starts at 1).
 */
async function resolveUidNext(client: ImapFlow, folder: string, box: MailboxObject): Promise<number> {
  const fromSelect = Number(box.uidNext);
  if (Number.isSafeInteger(fromSelect) && fromSelect > 0) return fromSelect;
  const status = await client.status(folder, { uidNext: true }).catch(() => false as const);
  const fromStatus = Number(status ? status.uidNext : undefined);
  if (Number.isSafeInteger(fromStatus) && fromStatus > 0) return fromStatus;
  if (box.exists === 0) return 1;
  let highest = 0;
  for await (const msg of client.fetch('*', { uid: true })) highest = Math.max(highest, msg.uid);
  return highest + 1;
}

export type ImapSourceOptions = {
  /** Instead of deleting, move stored messages here (MOVE, RFC 6851; else UID COPY + our UIDs' \Deleted + UID EXPUNGE). */
  moveTo?: string | null;
};

export async function openImapSource(
  client: ImapFlow,
  folder: string,
  sourceOpts: ImapSourceOptions = {},
): Promise<MailSource> {
  if (!hasUidExpunge(client)) throw new NoUidplusError();
  // imapflow sends UID EXPUNGE only when it sees UIDPLUS (a bare EXPUNGE otherwise, which would also remove messages
  // other clients flagged); under IMAP4rev2 UID EXPUNGE is part of the base protocol, so tell imapflow so.
  if (!client.capabilities.has('UIDPLUS')) client.capabilities.set('UIDPLUS', true);
  const moveTo = sourceOpts.moveTo || null;
  if (moveTo) await ensureFolder(client, moveTo);
  const mailbox = await client.mailboxOpen(folder);
  const uidValidity = Number(mailbox.uidValidity);
  const uidNext = await resolveUidNext(client, folder, mailbox);

  /** Every message's position (and, with `headers`, those header fields: BODY.PEEK[HEADER.FIELDS (…)]). */
  const list = async (headers?: readonly string[]) => {
    if (!client.mailbox || client.mailbox.exists === 0) return [];
    const out: { ref: SourceRef; header: Buffer }[] = [];
    const query = { uid: true, flags: true, size: true, ...(headers ? { headers: [...headers] } : {}) };
    for await (const msg of client.fetch('1:*', query)) {
      const ref = {
        uidValidity,
        uid: msg.uid,
        size: msg.size,
        flaggedDeleted: msg.flags?.has('\\Deleted') || undefined,
      };
      out.push({ ref, header: msg.headers ?? Buffer.alloc(0) });
    }
    return out.sort((a, b) => a.ref.uid! - b.ref.uid!);
  };

  return {
    uidValidity,
    uidNext,
    async listPending() {
      return (await list()).map((m) => m.ref);
    },
    listPendingWithHeaders() {
      return list(FINGERPRINT_FIELDS);
    },
    async fetch(refs, onMessage) {
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
        if (!ref || !msg.source || msg.flags?.has('\\Deleted')) continue;
        const message = { ref, raw: msg.source };
        out.push(message);
        onMessage?.(message);
      }
      return out.sort((a, b) => a.ref.uid! - b.ref.uid!);
    },
    async delete(refs) {
      if (!refs.length) return;
      const uids = refs.map((r) => r.uid).join(',');
      if (moveTo) return moveMessages(client, uids, moveTo);
      const ok = await client.messageDelete(uids, { uid: true });
      if (ok === false) {
        // The server's NO (over quota, read-only…) says why; the sync maps it to a code of ours.
        throw (
          takeCommandError(client) ??
          new AppError(
            'unavailable',
            'The server refused to delete processed messages; they will be retried on the next sync.',
            { code: 'protocol' },
          )
        );
      }
    },
    async close() {
      await client.logout().catch(() => client.close());
    },
    abort() {
      client.close();
    },
  };
}

/** The target folder of "move after processing", created when missing. */
async function ensureFolder(client: ImapFlow, name: string): Promise<void> {
  const folders = await client.list();
  if (folders.some((f) => f.path === name || (name.toUpperCase() === 'INBOX' && f.path.toUpperCase() === 'INBOX')))
    return;
  await client.mailboxCreate(name);
}

/**
 * MOVE (RFC 6851) when the server has it: atomic. Otherwise UID COPY, then \Deleted on exactly these UIDs and
 * UID EXPUNGE of them: a crash between the two leaves the message in place (and a copy in the target); the next
 * run finds its UID in the ledger, stores nothing again and finishes the move.
 */
async function moveMessages(client: ImapFlow, uids: string, target: string): Promise<void> {
  const refused = () =>
    takeCommandError(client) ??
    new AppError(
      'unavailable',
      'The server refused to move processed messages; they will be retried on the next sync.',
      { code: 'protocol' },
    );
  if (client.capabilities.has('MOVE')) {
    if ((await client.messageMove(uids, target, { uid: true })) === false) throw refused();
    return;
  }
  if ((await client.messageCopy(uids, target, { uid: true })) === false) throw refused();
  if ((await client.messageDelete(uids, { uid: true })) === false) throw refused();
}
