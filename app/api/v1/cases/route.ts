// GET /api/v1/cases – the tenant's cases, most recently active first, a page at a time
// Query: status, mailboxId, imported, assignee (user id or "unassigned"), priority, tag, limit (1–200, default 50),
// cursor (nextCursor of the previous page), include=messages (each case's message summaries).
import { z } from 'zod';
import { apiRoute } from '@/lib/api/api-route';
import { listCases, listCasesInput } from '@/lib/cases/queries/list-cases';

const query = listCasesInput.omit({ includeMessages: true }).extend({ include: z.enum(['messages']).optional() });

export const GET = apiRoute({ query }, async ({ tx, query: { include, ...filters } }) => {
  const { items, nextCursor } = await listCases(tx, { ...filters, includeMessages: include === 'messages' });
  return { data: items, nextCursor };
});
