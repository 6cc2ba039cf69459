// Gmail API source: a label's messages (INBOX by default), each one's raw RFC 822 bytes through
// `messages.get?format=raw` (base64url), and after the store `messages.trash`, or the move label added
// and the source label removed (label-and-archive).
//   listing   first run (or history expired, 404): `getProfile` for the current historyId, then
//             `messages.list` with pageToken to the end; later runs: `history.list` from the saved historyId
//             (messageAdded and labelAdded for the label), following nextPageToken. The historyId is the
//             cursor the sync saves once everything listed is handled.
//   identity  Gmail's message id, stable for the life of the message: the `uidl` ledger.
import { isGone, type MailApiClient } from '@/lib/mail/api/api-client';
import { AppError } from '@/lib/errors';
import { apiMailSource } from './api-mail-source';
import type { ApiSourceOptions, MailSource, SourceRef } from './types';

type Label = { id: string; name: string };
type HistoryPage = {
  history?: {
    messagesAdded?: { message: { id: string; labelIds?: string[] } }[];
    labelsAdded?: { message: { id: string; labelIds?: string[] }; labelIds?: string[] }[];
  }[];
  nextPageToken?: string;
  historyId?: string;
};

export async function openGmailSource(api: MailApiClient, opts: ApiSourceOptions): Promise<MailSource> {
  const user = `/gmail/v1/users/${encodeURIComponent(opts.user ?? 'me')}`;
  const pageSize = opts.pageSize ?? 500;
  const labels = await api.json<{ labels?: Label[] }>('GET', `${user}/labels`);
  const labelId = findLabel(labels.labels ?? [], opts.folder);
  if (!labelId)
    throw new AppError('bad_request', 'That label does not exist in the mailbox.', { code: 'folder-missing' });
  const moveLabel = opts.moveTo
    ? (findLabel(labels.labels ?? [], opts.moveTo) ??
      (await api.json<Label>('POST', `${user}/labels`, { name: opts.moveTo })).id)
    : null;
  let cursor = opts.cursor ?? null;

  const fullList = async (): Promise<SourceRef[]> => {
    // The historyId first: a message that arrives while we page is then in the next run's history.
    const profile = await api.json<{ historyId: string }>('GET', `${user}/profile`);
    const ids: string[] = [];
    let pageToken: string | undefined;
    do {
      const q = new URLSearchParams({ labelIds: labelId, maxResults: String(pageSize) });
      if (pageToken) q.set('pageToken', pageToken);
      const page = await api.json<{ messages?: { id: string }[]; nextPageToken?: string }>(
        'GET',
        `${user}/messages?${q}`,
      );
      for (const m of page.messages ?? []) ids.push(m.id);
      pageToken = page.nextPageToken;
    } while (pageToken);
    cursor = profile.historyId;
    // messages.list answers newest first; the sync works oldest first.
    return [...new Set(ids)].reverse().map((id) => ({ uidl: id }));
  };

  const historyList = async (start: string): Promise<SourceRef[] | null> => {
    const ids = new Set<string>();
    let pageToken: string | undefined;
    let latest = start;
    do {
      const q = new URLSearchParams({ startHistoryId: start, labelId, maxResults: String(pageSize) });
      q.append('historyTypes', 'messageAdded');
      q.append('historyTypes', 'labelAdded');
      if (pageToken) q.set('pageToken', pageToken);
      let page: HistoryPage;
      try {
        page = await api.json<HistoryPage>('GET', `${user}/history?${q}`);
      } catch (err) {
        if (isGone(err)) return null; // history expired: list in full
        throw err;
      }
      for (const h of page.history ?? []) {
        for (const a of h.messagesAdded ?? []) if (a.message.labelIds?.includes(labelId)) ids.add(a.message.id);
        for (const a of h.labelsAdded ?? []) if (a.labelIds?.includes(labelId)) ids.add(a.message.id);
      }
      if (page.historyId) latest = page.historyId;
      pageToken = page.nextPageToken;
    } while (pageToken);
    cursor = latest;
    return [...ids].map((id) => ({ uidl: id }));
  };

  const list = async () => (cursor ? ((await historyList(cursor)) ?? (await fullList())) : fullList());

  return apiMailSource({
    list,
    async fetchRaw(id) {
      const m = await api.json<{ raw?: string; labelIds?: string[] }>(
        'GET',
        `${user}/messages/${encodeURIComponent(id)}?format=raw`,
      );
      // No longer under the label (trashed, archived by someone else since it was listed): not ours to take.
      if (!m.raw || !m.labelIds?.includes(labelId) || m.labelIds.includes('TRASH')) return null;
      return Buffer.from(m.raw, 'base64url');
    },
    remove(id) {
      const path = `${user}/messages/${encodeURIComponent(id)}`;
      return moveLabel
        ? api.json('POST', `${path}/modify`, { addLabelIds: [moveLabel], removeLabelIds: [labelId] })
        : api.json('POST', `${path}/trash`, {});
    },
    cursor: () => cursor,
  });
}

/** System labels by id (INBOX, …), user labels by name. */
function findLabel(labels: Label[], name: string): string | null {
  const upper = name.toUpperCase();
  return (
    labels.find((l) => l.id === upper && l.id === l.name)?.id ??
    labels.find((l) => l.name.toLowerCase() === name.toLowerCase())?.id ??
    null
  );
}
