// The mailboxes list shows, per mailbox, how many cases it opened, how many are not closed and how
// many messages wait in "ignored": one query for the whole list, counted under the tenant's RLS.
import { sql } from 'drizzle-orm';
import type { TenantTx } from '@/db/tenancy';
import { queryRows } from '@/db/rows';

export type MailboxCaseCounts = { cases: number; open: number; ignored: number };

/** Counts for every mailbox the transaction can see, keyed by mailbox id. */
export async function countMailboxCases(tx: TenantTx): Promise<Map<string, MailboxCaseCounts>> {
  const rows = await queryRows<MailboxCaseCounts & { mailbox_id: string }>(
    tx,
    sql`select m.id as mailbox_id,
               (select count(*)::int from cases c where c.mailbox_id = m.id) as cases,
               (select count(*)::int from cases c where c.mailbox_id = m.id and c.status <> 'closed') as open,
               (select count(*)::int from ignored_messages i where i.mailbox_id = m.id and i.released_at is null) as ignored
        from mailboxes m`,
  );
  return new Map(rows.map((row) => [row.mailbox_id, { cases: row.cases, open: row.open, ignored: row.ignored }]));
}
