// GET /api/v1/ignored-messages – mail that did not become case history (ignored and quarantined), newest first:
// the review queue. Query: mailboxId, outcome (ignored | quarantined), reason (unverified-sender | spam |
// blocked | rule | auto-generated | quarantined | other), released (false: still held), limit (1–200, default 50), cursor.
import { apiRoute } from '@/lib/api/api-route';
import { listIgnoredMessages, listIgnoredMessagesInput } from '@/lib/cases/queries/list-ignored-messages';

export const GET = apiRoute({ query: listIgnoredMessagesInput }, async ({ tx, query }) => {
  const { items, nextCursor } = await listIgnoredMessages(tx, query);
  return { data: items, nextCursor };
});
