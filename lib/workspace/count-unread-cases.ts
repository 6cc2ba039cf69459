// How many of an agent's own cases (assigned to them, Open or Pending) have customer mail they have not seen
// since they last opened the case: the number in the tab's title. Same rule as the list's unread marker
// (load-triage-details.ts): imported history is not unread. The agent's own cases are few; the
// assignee index finds them.
import { sql } from 'drizzle-orm';
import type { TenantTx } from '@/db/tenancy';
import { queryRows } from '@/db/rows';

export async function countUnreadCases(tx: TenantTx, { userId }: { userId: string }): Promise<number> {
  const [row] = await queryRows<{ n: string | number }>(
    tx,
    sql`select count(*) as n
        from cases c
        left join case_reads r on r.case_id = c.id and r.user_id = ${userId}
        join lateral (select max(m.created_at) as last_in, min(m.created_at) as first_in from case_messages m
          where m.case_id = c.id and m.direction = 'in') li on true
        where c.assignee_id = ${userId} and c.status in ('open', 'pending')
          and li.last_in > coalesce(r.read_at,
            case when c.imported then li.first_in + interval '1 second' else '-infinity'::timestamptz end)`,
  );
  return Number(row?.n ?? 0);
}
