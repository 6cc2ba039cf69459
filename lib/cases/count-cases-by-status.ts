// How many cases per status (the list's tabs), under the same filters as the list apart from status.
// Read from case_counts, which triggers keep in the writers' own transactions: a sum over a handful of
// rows instead of a count over every case (README, "Live workspace"). A tag or priority filter is not kept
// there: those counts read the cases themselves (the tag and priority indexes narrow them).
import { sql } from 'drizzle-orm';
import type { TenantTx } from '@/db/tenancy';
import { queryRows } from '@/db/rows';

export type StatusCounts = { open: number; pending: number; closed: number };

export async function countCasesByStatus(
  tx: TenantTx,
  filters: {
    mailboxId?: string;
    imported?: boolean;
    assignee?: 'unassigned' | string;
    tag?: string;
    priority?: 'low' | 'normal' | 'high' | 'urgent';
  } = {},
): Promise<StatusCounts> {
  const { mailboxId, imported, assignee, tag, priority } = filters;
  const fromCases = tag !== undefined || priority !== undefined;
  const rows = await queryRows<{ status: keyof StatusCounts; n: string | number }>(
    tx,
    sql`select status, ${fromCases ? sql`count(*)` : sql`sum(n)`} as n from ${fromCases ? sql`cases` : sql`case_counts`}
        where true
          ${mailboxId ? sql`and mailbox_id = ${mailboxId}` : sql``}
          ${imported !== undefined ? sql`and imported = ${imported}` : sql``}
          ${assignee === 'unassigned' ? sql`and assignee_id is null` : assignee ? sql`and assignee_id = ${assignee}` : sql``}
          ${tag ? sql`and tags @> array[${tag}]::text[]` : sql``}
          ${priority ? sql`and priority = ${priority}` : sql``}
        group by status`,
  );
  const counts: StatusCounts = { open: 0, pending: 0, closed: 0 };
  for (const r of rows) counts[r.status] = Number(r.n);
  return counts;
}
