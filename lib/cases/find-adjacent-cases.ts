// The cases before and after one in the default list order (most recent activity first): j/k.
import { sql } from 'drizzle-orm';
import type { TenantTx } from '@/db/tenancy';
import { queryRows } from '@/db/rows';

export async function findAdjacentCases(
  tx: TenantTx,
  current: { id: string; lastActivityAt: string },
): Promise<{ previous: number | null; next: number | null }> {
  const [newer] = await queryRows<{ number: string | number }>(
    tx,
    sql`select number from cases where (last_activity_at, id) > (${current.lastActivityAt}::timestamptz, ${current.id}::uuid)
        order by last_activity_at asc, id asc limit 1`,
  );
  const [older] = await queryRows<{ number: string | number }>(
    tx,
    sql`select number from cases where (last_activity_at, id) < (${current.lastActivityAt}::timestamptz, ${current.id}::uuid)
        order by last_activity_at desc, id desc limit 1`,
  );
  return { previous: newer ? Number(newer.number) : null, next: older ? Number(older.number) : null };
}
