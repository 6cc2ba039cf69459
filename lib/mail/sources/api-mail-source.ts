// What the two mail-API sources (Microsoft Graph, the Gmail API) share: each says how to list, how to fetch
// one message's raw bytes and how to remove one message by its id, and this makes the MailSource of it.
//   fetch    a few requests at a time; a message gone since it was listed (404) is skipped: nothing to store
//   delete   a few requests at a time; a message already gone (404) is no error: it has left the folder
//   headers  a listing carries no header fields: the import boundary keeps each message by its id (`uidl`)
import { isGone } from '@/lib/mail/api/api-client';
import { mapLimit } from '@/lib/mail/api/map-limit';
import type { FetchedMessage, MailSource, SourceRef } from './types';

/** Requests in flight at once on one mailbox (Microsoft Graph throttles more than 4 per mailbox). */
const PARALLEL = 4;

export type ApiMailSourceParts = {
  /** The messages to take, oldest first; the listing moves the cursor. */
  list: () => Promise<SourceRef[]>;
  /** The message's raw bytes, or null when it is no longer one to take. */
  fetchRaw: (id: string) => Promise<Buffer | null>;
  /** Deletes the message, or moves it out of the folder. */
  remove: (id: string) => Promise<unknown>;
  cursor: () => string | null;
};

/** `null` instead of a 404. */
async function unlessGone<T>(request: () => Promise<T>): Promise<T | null> {
  try {
    return await request();
  } catch (err) {
    if (isGone(err)) return null;
    throw err;
  }
}

export function apiMailSource(parts: ApiMailSourceParts): MailSource {
  return {
    listPending: parts.list,
    async listPendingWithHeaders() {
      return (await parts.list()).map((ref) => ({ ref, header: Buffer.alloc(0) }));
    },
    async fetch(refs) {
      const got = await mapLimit(refs, PARALLEL, async (ref): Promise<FetchedMessage | null> => {
        const raw = await unlessGone(() => parts.fetchRaw(ref.uidl!));
        return raw && { ref: { ...ref, size: raw.length }, raw };
      });
      return got.filter((m): m is FetchedMessage => m !== null);
    },
    async delete(refs) {
      await mapLimit(refs, PARALLEL, (ref) => unlessGone(() => parts.remove(ref.uidl!)));
    },
    async close() {},
    abort() {},
    cursor: parts.cursor,
  };
}
