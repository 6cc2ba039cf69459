// GET /api/v1/sender-lists – blocked and allowed senders (?kind=blocked|allowed narrows it)
// POST /api/v1/sender-lists – add { "kind": "blocked" | "allowed", "pattern": "a@b.com" | "b.com", "note"? }
import { z } from 'zod';
import { apiRoute } from '@/lib/api/api-route';
import { addSenderEntry, listSenderEntries } from '@/lib/rules/sender-list-entries';

export const GET = apiRoute({ query: z.object({ kind: z.string().optional() }) }, async ({ tx, query }) => ({
  data: await listSenderEntries(tx, { kind: query.kind }),
}));

export const POST = apiRoute({ body: z.unknown(), status: 201 }, async ({ tx, tenantId, apiKeyId, body }) =>
  addSenderEntry(tx, { tenantId, input: body, actor: { kind: 'api_key', apiKeyId } }),
);
