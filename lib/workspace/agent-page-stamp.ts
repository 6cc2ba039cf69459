// What the cases list and case pages show per agent beyond the tenant's change feed (lib/live/page-etag.ts):
// their read marks (unread markers), saved views, and the workspace's canned replies. Part of the pages'
// ETag, so "not modified" never hides a case just opened, a view just saved or a snippet just added.
import { sql } from 'drizzle-orm';
import type { TenantTx } from '@/db/tenancy';
import { queryRows } from '@/db/rows';

/** The list shows read marks and saved views; a case page shows the canned replies (and marks itself read). */
export async function agentPageStamp(
  tx: TenantTx,
  { userId, page }: { userId: string; page: 'list' | 'case' },
): Promise<string> {
  const [row] = await queryRows<{ stamp: string | null }>(
    tx,
    page === 'list'
      ? sql`select concat_ws('|',
          (select max(read_at)::text from case_reads where user_id = ${userId}),
          (select count(*) || ':' || coalesce(max(created_at)::text, '') from saved_views where user_id = ${userId})) as stamp`
      : sql`select (select count(*) || ':' || coalesce(max(updated_at)::text, '') from canned_replies) as stamp`,
  );
  return row?.stamp ?? '';
}
