// GET /api/v1/cases – the tenant's cases, most recently active first, a page at a time
// Query: status, mailboxId, imported, assignee (user id or "unassigned"), priority, tag, limit (1–200, default 50),
// cursor (nextCursor of the previous page), include=messages (each case's message summaries),
// q (full-text search over subject, requester and message text; ranked, or newest first for very common terms).
import { z } from 'zod';
import { apiRoute } from '@/lib/api/api-route';
import { AppError } from '@/lib/errors';
import { listCases, listCasesInput } from '@/lib/cases/queries/list-cases';
import { searchCases } from '@/lib/cases/search-cases';

const query = listCasesInput
  .omit({ includeMessages: true })
  .extend({ include: z.enum(['messages']).optional(), q: z.string().optional() });

export const GET = apiRoute({ query }, async ({ tx, query: { include, q, ...filters } }) => {
  if (q?.trim()) {
    const { priority, tag, ...searchable } = filters;
    if (priority || tag)
      throw new AppError(
        'validation',
        'Search (q) cannot be combined with the priority or tag filters; filter by status, mailbox, assignee or imported instead.',
      );
    const { items, nextCursor, order } = await searchCases(tx, { q, ...searchable });
    return { data: items, nextCursor, order };
  }
  const { items, nextCursor } = await listCases(tx, { ...filters, includeMessages: include === 'messages' });
  return { data: items, nextCursor };
});
