// How many cases per status (the list's tabs), under the same filters as the list apart from status.
// Read from case_counts, which triggers keep in the writers' own transactions: a sum over a handful of
// rows instead of a count over every case (README, "Live workspace").
import { sql } from 'drizzle-orm';
import type { TenantTx } from '@/db/tenancy';
import { queryRows } from '@/db/rows';

export type StatusCounts = { open: number; pending: number; closed: number };

export async function countCasesByStatus(
  tx: TenantTx,
  filters: { mailboxId?: string; imported?: boolean; assignee?: 'unassigned' | string } = {},
): Promise<StatusCounts> {
  const { mailboxId, imported, assignee } = filters;
  const rows = await queryRows<{ status: keyof StatusCounts; n: string | number }>(
    tx,
    sql`select status, sum(n) as n from case_counts
        where tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid
          ${mailboxId ? sql`and mailbox_id = ${mailboxId}` : sql``}
          ${imported !== undefined ? sql`and imported = ${imported}` : sql``}
          ${assignee === 'unassigned' ? sql`and assignee_id is null` : assignee ? sql`and assignee_id = ${assignee}` : sql``}
        group by status`,
  );
  const counts: StatusCounts = { open: 0, pending: 0, closed: 0 };
  for (const r of rows) counts[r.status] = Number(r.n);
  return counts;
}
