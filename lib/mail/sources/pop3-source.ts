// POP3 source over Caseflow's own client. Positions are UIDLs; DELE takes effect only at QUIT,
// so a connection lost before close() brings every message back (and dedupe makes that a no-op).
import { AppError } from '@/lib/errors';
import type { Pop3Client } from '@/lib/mail/pop3/client';
import type { FetchedMessage, MailSource, SourceRef } from './types';

export async function openPop3Source(client: Pop3Client): Promise<MailSource> {
  if (!client.capabilities.some((c) => c.split(' ')[0] === 'UIDL')) {
    // Some servers implement UIDL without announcing it: try before refusing.
    await client.uidl().catch(() => {
      throw new AppError('bad_request', 'The server does not support UIDL, so Caseflow cannot track messages safely.', {
        code: 'no-uidl',
      });
    });
  }
  const listPending = async (): Promise<SourceRef[]> => {
    const uidls = await client.uidl();
    const sizes = await client.list();
    const sizeByN = new Map(sizes.map((s) => [s.n, s.size]));
    return uidls.map((u) => ({ uidl: u.uid, n: u.n, size: sizeByN.get(u.n) }));
  };

  return {
    listPending,
    async listPendingWithHeaders() {
      const refs = await listPending();
      const headers = new Map<number, Buffer>();
      // TOP n 0: the header section only (RFC 1939 calls TOP optional; a server without it gives none).
      await client
        .topMany(
          refs.map((r) => r.n!),
          (n, header) => void headers.set(n, header),
        )
        .catch(() => headers.clear());
      return refs.map((ref) => ({ ref, header: headers.get(ref.n!) ?? Buffer.alloc(0) }));
    },
    async fetch(refs, onMessage) {
      const byN = new Map(refs.map((r) => [r.n!, r]));
      const out: FetchedMessage[] = [];
      await client.retrMany(
        refs.map((r) => r.n!),
        (n, raw) => {
          const message = { ref: byN.get(n)!, raw };
          out.push(message);
          onMessage?.(message);
        },
      );
      return out;
    },
    async delete(refs) {
      if (refs.length) await client.deleMany(refs.map((r) => r.n!));
    },
    async close() {
      await client.quit();
    },
    abort() {
      client.destroy();
    },
  };
}
