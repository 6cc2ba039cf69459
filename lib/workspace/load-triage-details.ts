// What the cases list shows beside a case's own columns, for one agent: the preview line (the latest
// customer message's new text, stored at ingestion) and whether the case has customer mail the agent
// has not seen since they last opened it. Imported history is not unread: in an imported case only
// customer mail stored after its first message (the import) counts.
import { sql } from 'drizzle-orm';
import type { TenantTx } from '@/db/tenancy';
import { queryRows } from '@/db/rows';

export type TriageDetails = { preview: string | null; unread: boolean };

export async function loadTriageDetails(
  tx: TenantTx,
  { userId, numbers }: { userId: string; numbers: number[] },
): Promise<Map<number, TriageDetails>> {
  const out = new Map<number, TriageDetails>();
  if (!numbers.length) return out;
  const rows = await queryRows<{ number: string | number; preview: string | null; unread: boolean }>(
    tx,
    sql`select c.number,
          (select m.preview from case_messages m
            where m.case_id = c.id and m.direction in ('in', 'out') and m.preview is not null
            order by (m.direction = 'in') desc, m.created_at desc, m.stored_seq desc limit 1) as preview,
          coalesce(li.last_in > coalesce(r.read_at,
            case when c.imported then li.first_in + interval '1 second' else '-infinity'::timestamptz end), false) as unread
        from cases c
        left join case_reads r on r.case_id = c.id and r.user_id = ${userId}
        left join lateral (select max(m.created_at) as last_in, min(m.created_at) as first_in from case_messages m
          where m.case_id = c.id and m.direction = 'in') li on true
        where c.number = any(${`{${numbers.map((n) => Math.trunc(n)).join(',')}}`}::bigint[])`,
  );
  for (const r of rows) out.set(Number(r.number), { preview: r.preview, unread: Boolean(r.unread) });
  return out;
}
