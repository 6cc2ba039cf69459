// Microsoft Graph source: the folder's messages through a delta query, each message's MIME through
// `/messages/{id}/$value`, and after the store DELETE (to Deleted Items) or `/messages/{id}/move`.
//   listing   GET …/mailFolders/{folder}/messages/delta, following @odata.nextLink to the @odata.deltaLink;
//             the deltaLink of the last listing is the cursor the sync saves once all of it is handled.
//             An expired delta token (410 Gone, syncStateNotFound, resyncRequired) starts a full listing:
//             what was stored already is found in the ledger and only removed again.
//   identity  immutable ids (Prefer: IdType="ImmutableId"), so a message keeps its id when moved: the `uidl` ledger.
import { ApiError, type MailApiClient } from '@/lib/mail/api/api-client';
import { AppError } from '@/lib/errors';
import { apiMailSource } from './api-mail-source';
import type { ApiSourceOptions, MailSource, SourceRef } from './types';

const EXPIRED_DELTA = new Set(['syncstatenotfound', 'resyncrequired', 'syncstateinvalid']);

type DeltaPage = {
  value?: { id: string; '@removed'?: unknown }[];
  '@odata.nextLink'?: string;
  '@odata.deltaLink'?: string;
};
type Folder = { id: string; displayName: string };

export function graphUserPath(user: string | null): string {
  return user ? `/users/${encodeURIComponent(user)}` : '/me';
}

export async function openGraphSource(api: MailApiClient, opts: ApiSourceOptions): Promise<MailSource> {
  const user = graphUserPath(opts.user);
  const prefer = { prefer: `IdType="ImmutableId", odata.maxpagesize=${opts.pageSize ?? 100}` };
  const folderId = await findFolder(api, user, opts.folder, false);
  const moveTarget = opts.moveTo ? await findFolder(api, user, opts.moveTo, true) : null;
  let cursor = opts.cursor ?? null;
  const first = `${user}/mailFolders/${encodeURIComponent(folderId)}/messages/delta?$select=id`;

  const list = async (): Promise<SourceRef[]> => {
    const pending = new Map<string, SourceRef>();
    let link = cursor ?? first;
    for (;;) {
      let page: DeltaPage;
      try {
        page = await api.json<DeltaPage>('GET', link, undefined, prefer);
      } catch (err) {
        if (link !== first && isExpiredDelta(err)) {
          // The delta token expired: list everything again (the ledger makes the stored ones no-ops).
          pending.clear();
          link = first;
          continue;
        }
        throw err;
      }
      for (const m of page.value ?? []) {
        if (m['@removed']) pending.delete(m.id);
        else pending.set(m.id, { uidl: m.id });
      }
      if (page['@odata.nextLink']) link = page['@odata.nextLink'];
      else if (page['@odata.deltaLink']) {
        cursor = page['@odata.deltaLink'];
        break;
      } else throw new ApiError(502, '', 'Microsoft Graph ended a delta listing without a deltaLink.');
    }
    return [...pending.values()];
  };

  return apiMailSource({
    list,
    async fetchRaw(id) {
      const res = await api.request('GET', `${user}/messages/${encodeURIComponent(id)}/$value`, {
        headers: { ...prefer, accept: '*/*' },
      });
      return res.body;
    },
    remove(id) {
      const path = `${user}/messages/${encodeURIComponent(id)}`;
      return moveTarget
        ? api.json('POST', `${path}/move`, { destinationId: moveTarget }, prefer)
        : api.request('DELETE', path, { headers: prefer });
    },
    cursor: () => cursor,
  });
}

function isExpiredDelta(err: unknown): boolean {
  if (!(err instanceof ApiError)) return false;
  return err.httpStatus === 410 || (err.httpStatus === 400 && EXPIRED_DELTA.has(err.providerCode.toLowerCase()));
}

/** A folder by display name among the top-level folders (INBOX: the well-known inbox); created when `create`. */
async function findFolder(api: MailApiClient, user: string, name: string, create: boolean): Promise<string> {
  if (name.toUpperCase() === 'INBOX') return 'inbox';
  let link: string | undefined = `${user}/mailFolders?$top=100&$select=id,displayName`;
  while (link) {
    const page: { value?: Folder[]; '@odata.nextLink'?: string } = await api.json('GET', link);
    const found = page.value?.find((f) => f.displayName.toLowerCase() === name.toLowerCase());
    if (found) return found.id;
    link = page['@odata.nextLink'];
  }
  if (!create)
    throw new AppError('bad_request', 'That folder does not exist in the mailbox.', { code: 'folder-missing' });
  const made = await api.json<Folder>('POST', `${user}/mailFolders`, { displayName: name });
  return made.id;
}
