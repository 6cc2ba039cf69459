// GET /api/v1/cases – the tenant's cases, most recently active first, a page at a time
// Query: status, mailboxId, imported, assignee (user id or "unassigned"), priority, tag, limit (1–200, default 50),
// cursor (nextCursor of the previous page), include=messages (each case's message summaries),
// q (full-text search over subject, requester and message text; ranked, or newest first for very common terms).
// Sends an ETag; If-None-Match with it answers 304 without running the list while nothing changed.
import { z } from 'zod';
import type { TenantTx } from '@/db/tenancy';
import { apiRoute } from '@/lib/api/api-route';
import { AppError } from '@/lib/errors';
import { listCases, listCasesInput } from '@/lib/cases/queries/list-cases';
import { searchCases } from '@/lib/cases/queries/search-cases';
import { changeEtag, matchesIfNoneMatch } from '@/lib/live/change-etag';

const query = listCasesInput
  .omit({ includeMessages: true })
  .extend({ include: z.enum(['messages']).optional(), q: z.string().optional() });

export const GET = apiRoute({ query }, async ({ tx, tenantId, request, query: { include, q, ...filters } }) => {
  const etag = await changeEtag(tx, { tenantId, variant: new URL(request.url).search });
  const headers = { ETag: etag, 'Cache-Control': 'private, no-cache' };
  if (matchesIfNoneMatch(request, etag)) return new Response(null, { status: 304, headers });
  return Response.json(await listOrSearch(tx, { include, q, ...filters }), { headers });
});

async function listOrSearch(
  tx: TenantTx,
  { include, q, ...filters }: z.output<typeof query>,
): Promise<{ data: unknown[]; nextCursor: string | null; order?: string }> {
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
}
