// Full-text search over a tenant's cases: subject and requester (cases.search) and every message's
// subject and text (case_messages.search), both GIN-indexed, ranked. Each word matches as a prefix
// ("alic" finds alice@example.com). Paginated by (rank, id) keyset, never OFFSET.
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Tx } from '@/db/client';
import { queryRows } from '@/db/rows';
import { AppError } from '@/lib/errors';
import { toCaseView, type CaseView } from './queries/case-view';
import { booleanParam, caseStatusParam, cursorParam, limitParam, parseQueryInput } from './queries/params';

export const searchCasesInput = z.object({
  q: z.string().trim().min(1, 'Type something to search for.').max(200, 'Search for at most 200 characters.'),
  status: caseStatusParam.optional(),
  mailboxId: z.uuid().optional(),
  imported: booleanParam.optional(),
  assignee: z.union([z.literal('unassigned'), z.uuid()]).optional(),
  limit: limitParam,
  cursor: cursorParam,
});
export type SearchCasesInput = z.input<typeof searchCasesInput>;

export type CaseSearchHit = CaseView & { rank: number };

/** `'word':* & 'other':*` from free text: only letters, digits and the joiners of addresses survive. */
export function toPrefixQuery(q: string): string | null {
  const words = q.toLowerCase().match(/[\p{L}\p{N}][\p{L}\p{N}@._+-]*/gu) ?? [];
  const terms = [...new Set(words.map((w) => w.replace(/[@._+-]+$/, '')).filter(Boolean))].slice(0, 8);
  return terms.length ? terms.map((t) => `'${t.replace(/'/g, "''")}':*`).join(' & ') : null;
}

type Row = Record<string, unknown> & { rank_text: string };

export async function searchCases(tx: Tx, input: SearchCasesInput): Promise<{ items: CaseSearchHit[]; nextCursor: string | null }> {
  const { q, status, mailboxId, imported, assignee, limit, cursor } = parseQueryInput(searchCasesInput, input);
  const query = toPrefixQuery(q);
  if (!query) return { items: [], nextCursor: null };
  const after = cursor ? decodeCursor(cursor) : undefined;
  const tenant = sql`nullif(current_setting('app.tenant_id', true), '')::uuid`;

  const rows = await queryRows<Row>(
    tx,
    sql`with query as (select to_tsquery('simple', ${query}) as q),
        hits as (
          select c.id as case_id, ts_rank(c.search, query.q) * 2 as rank from cases c, query
            where c.tenant_id = ${tenant} and c.search @@ query.q
          union all
          select m.case_id, ts_rank(m.search, query.q) from case_messages m, query
            where m.tenant_id = ${tenant} and m.search @@ query.q and m.direction <> 'system'
        ),
        ranked as (select case_id, max(rank)::real as rank from hits group by case_id)
        select c.id, c.number, c.subject, c.status, c.imported, c.requester_email, c.requester_name, c.mailbox_id, c.assignee_id,
               c.created_at, c.updated_at, c.last_activity_at, c.closed_at, r.rank, r.rank::text as rank_text
        from ranked r join cases c on c.id = r.case_id
        where c.tenant_id = ${tenant}
          ${status ? sql`and c.status = ${status}` : sql``}
          ${mailboxId ? sql`and c.mailbox_id = ${mailboxId}` : sql``}
          ${imported !== undefined ? sql`and c.imported = ${imported}` : sql``}
          ${assignee === 'unassigned' ? sql`and c.assignee_id is null` : assignee ? sql`and c.assignee_id = ${assignee}` : sql``}
          ${after ? sql`and (r.rank, c.id) < (${after.rank}::real, ${after.id}::uuid)` : sql``}
        order by r.rank desc, c.id desc
        limit ${limit + 1}`,
  );
  const page = rows.slice(0, limit);
  const items = page.map((r): CaseSearchHit => ({
    ...toCaseView({
      id: String(r.id),
      number: Number(r.number),
      subject: String(r.subject),
      status: r.status as CaseView['status'],
      imported: Boolean(r.imported),
      requesterEmail: String(r.requester_email),
      requesterName: (r.requester_name as string | null) ?? null,
      mailboxId: (r.mailbox_id as string | null) ?? null,
      assigneeId: (r.assignee_id as string | null) ?? null,
      createdAt: new Date(r.created_at as string),
      updatedAt: new Date(r.updated_at as string),
      lastActivityAt: new Date(r.last_activity_at as string),
    } as Parameters<typeof toCaseView>[0]),
    rank: Number(r.rank_text),
  }));
  const last = page.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(last.rank_text, String(last.id)) : null };
}

function encodeCursor(rank: string, id: string): string {
  return Buffer.from(JSON.stringify(['search', rank, id]), 'utf8').toString('base64url');
}

const cursorShape = z.tuple([z.literal('search'), z.string().regex(/^[0-9.e+-]{1,40}$/), z.uuid()]);

function decodeCursor(cursor: string): { rank: string; id: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const result = cursorShape.safeParse(parsed);
  if (!result.success) throw new AppError('validation', 'cursor: not a cursor from this search. Start again without one.');
  return { rank: result.data[1], id: result.data[2] };
}
