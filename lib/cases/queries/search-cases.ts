// Full-text search over a tenant's cases: subject and requester (cases.search) and every message's
// subject and text (case_messages.search), both GIN-indexed. Each word matches as a prefix
// ("refu" finds "refund"). Two orders, chosen by how many rows match:
//   - 'rank': up to CANDIDATES matches per source — every match is ranked, best first;
//   - 'recent': more than that (a common word) — ranking hundreds of thousands of rows cannot be
//     fast, so the newest matching cases come first, found by walking the activity index.
// Both paginate by keyset (never OFFSET); a cursor keeps the order it was made with.
//
// The indexes: under row-level security PostgreSQL uses an index for an operator only when it is
// LEAKPROOF; migration 0019 marks tsvector @@ tsquery so (without it every search scans every message).
// The id lookup runs as the system role with the tenant written out from app.tenant_id (set by
// withTenant from the verified membership), and the cases are then read back under the app role.
import { inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { TenantTx } from '@/db/tenancy';
import { queryRows } from '@/db/rows';
import { cases } from '@/db/schema';
import { APP_ROLE, SYSTEM_ROLE } from '@/db/tenancy';
import { toCaseView, type CaseView } from './case-view';
import { keysetPage, readKeysetCursor, timestampKey, timestampText } from './keyset-cursor';
import { caseFilterParams, cursorParam, limitParam, parseQueryInput } from './params';

export const searchCasesInput = z.object({
  q: z.string().trim().min(1, 'Type something to search for.').max(200, 'Search for at most 200 characters.'),
  ...caseFilterParams,
  limit: limitParam,
  cursor: cursorParam,
});
export type SearchCasesInput = z.input<typeof searchCasesInput>;

export type CaseSearchHit = CaseView & { rank: number };
export type SearchOrder = 'rank' | 'recent';
export type CaseSearchPage = { items: CaseSearchHit[]; nextCursor: string | null; order: SearchOrder };

/** Matches per source above which a search is ordered by recency instead of rank. */
export const CANDIDATES = 2000;

/** `'word':* & 'other':*` from free text: only letters, digits and the joiners of addresses survive. */
export function toPrefixQuery(q: string): string | null {
  const words = q.toLowerCase().match(/[\p{L}\p{N}][\p{L}\p{N}@._+-]*/gu) ?? [];
  const terms = [...new Set(words.map((w) => w.replace(/[@._+-]+$/, '')).filter(Boolean))].slice(0, 8);
  return terms.length ? terms.map((t) => `'${t.replace(/'/g, "''")}':*`).join(' & ') : null;
}

const tenant = sql`nullif(current_setting('app.tenant_id', true), '')::uuid`;

export async function searchCases(tx: TenantTx, input: SearchCasesInput): Promise<CaseSearchPage> {
  const { q, limit, cursor, ...filters } = parseQueryInput(searchCasesInput, input);
  const query = toPrefixQuery(q);
  if (!query) return { items: [], nextCursor: null, order: 'rank' };
  const tsq = sql`to_tsquery('simple', ${query})`;
  const after = cursor ? decodeCursor(cursor) : undefined;
  const filterSql = sql`
    ${filters.status ? sql`and c.status = ${filters.status}` : sql``}
    ${filters.mailboxId ? sql`and c.mailbox_id = ${filters.mailboxId}` : sql``}
    ${filters.imported !== undefined ? sql`and c.imported = ${filters.imported}` : sql``}
    ${filters.assignee === 'unassigned' ? sql`and c.assignee_id is null` : filters.assignee ? sql`and c.assignee_id = ${filters.assignee}` : sql``}
    ${filters.priority ? sql`and c.priority = ${filters.priority}` : sql``}
    ${filters.tag ? sql`and c.tags @> array[${filters.tag}]::text[]` : sql``}`;

  if (after?.order !== 'recent') {
    // One round trip answers both questions: the ranked page, and whether the words match too much to
    // rank (each source's GIN bitmap is built in full whatever the LIMIT: asking twice doubled the time).
    const rows = await asSystem(tx, () =>
      queryRows<{ id: string | null; rank_text: string | null; broad: boolean }>(
        tx,
        sql`with case_hits as (
              select c.id as case_id, ts_rank(c.search, ${tsq}) * 2 as rank from cases c
              where c.tenant_id = ${tenant} and c.search @@ ${tsq} limit ${CANDIDATES + 1}
            ), message_hits as (
              select m.case_id, ts_rank(m.search, ${tsq}) as rank from case_messages m
              where m.tenant_id = ${tenant} and m.search @@ ${tsq} and m.direction <> 'system' limit ${CANDIDATES + 1}
            ), broad as (
              select (select count(*) from case_hits) > ${CANDIDATES} or (select count(*) from message_hits) > ${CANDIDATES} as broad
            ), best as (
              select case_id, max(rank)::real as rank from (select * from case_hits union all select * from message_hits) h group by case_id
            ), page as (
              select c.id, b.rank
              from best b join cases c on c.id = b.case_id cross join broad
              where c.tenant_id = ${tenant} and not broad.broad ${filterSql}
                ${after ? sql`and (b.rank, c.id) < (${after.key[0]}::real, ${after.key[1]}::uuid)` : sql``}
              order by b.rank desc, c.id desc
              limit ${limit + 1}
            )
            select page.id, page.rank::text as rank_text, broad.broad
            from broad left join page on true
            order by page.rank desc, page.id desc`,
      ),
    );
    const ranked = rows.filter((r): r is { id: string; rank_text: string; broad: boolean } => r.id !== null);
    const broad = !after && Boolean(rows[0]?.broad);
    if (!broad) {
      const { page, nextCursor } = keysetPage(ranked, limit, 'search', (last) => ['rank', last.rank_text, last.id]);
      const items = await loadHits(
        tx,
        page.map((r) => ({ id: r.id, rank: Number(r.rank_text) })),
      );
      return { items, nextCursor, order: 'rank' };
    }
  }

  // A common word: newest activity first, walking the (tenant, last_activity_at, id) index.
  const rows = await queryRows<{ id: string; key_activity: string; rank: number }>(
    tx,
    sql`select c.id, ${timestampKey(sql`c.last_activity_at`)} as key_activity, ts_rank(c.search, ${tsq}) as rank
        from cases c
        where c.tenant_id = ${tenant} ${filterSql}
          -- A scalar subquery, not EXISTS: the planner would turn EXISTS into one hash of every matching message.
          and (c.search @@ ${tsq} or (
            select true from case_messages m where m.case_id = c.id and m.search @@ ${tsq} and m.direction <> 'system' limit 1))
          ${after ? sql`and (c.last_activity_at, c.id) < (${after.key[0]}::timestamptz, ${after.key[1]}::uuid)` : sql``}
        order by c.last_activity_at desc, c.id desc
        limit ${limit + 1}`,
  );
  const { page, nextCursor } = keysetPage(rows, limit, 'search', (last) => ['recent', last.key_activity, last.id]);
  const items = await loadHits(
    tx,
    page.map((r) => ({ id: r.id, rank: Number(r.rank) })),
  );
  return { items, nextCursor, order: 'recent' };
}

/** Runs `fn` as the system role inside the caller's tenant transaction, then returns to the app role. */
async function asSystem<T>(tx: TenantTx, fn: () => Promise<T>): Promise<T> {
  await tx.execute(sql.raw(`set local role ${SYSTEM_ROLE}`));
  try {
    return await fn();
  } finally {
    await tx.execute(sql.raw(`set local role ${APP_ROLE}`));
  }
}

/** The cases behind the hits, read under the app role (RLS), in the hits' order. */
async function loadHits(tx: TenantTx, hits: { id: string; rank: number }[]): Promise<CaseSearchHit[]> {
  if (!hits.length) return [];
  const rows = await tx
    .select()
    .from(cases)
    .where(
      inArray(
        cases.id,
        hits.map((h) => h.id),
      ),
    );
  const byId = new Map(rows.map((r) => [r.id, r]));
  return hits.flatMap((h) => {
    const row = byId.get(h.id);
    return row ? [{ ...toCaseView(row), rank: h.rank }] : [];
  });
}

/** A rank as PostgreSQL's real prints it; "1e999" (not a finite real) used to answer 500. */
const rankText = z
  .string()
  .regex(/^[0-9.e+-]{1,40}$/)
  .refine((text) => Number.isFinite(Number(text)) && Math.abs(Number(text)) < 3.4e38);

const cursorShape = z.union([
  z.tuple([z.literal('search'), z.literal('rank'), rankText, z.uuid()]),
  z.tuple([z.literal('search'), z.literal('recent'), timestampText, z.uuid()]),
]);

function decodeCursor(cursor: string): { order: SearchOrder; key: [string, string] } {
  const [, order, ...key] = readKeysetCursor(cursor, cursorShape, 'search');
  return { order, key };
}
