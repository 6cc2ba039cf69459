// Row locks for member changes: the tenant's owner rows are locked together so two concurrent
// demotions cannot each see "another owner is left" and leave none.
import { and, eq, sql } from 'drizzle-orm';
import type { TenantTx } from '@/db/tenancy';
import { memberships } from '@/db/schema';
import type { Role } from '@/lib/auth/roles';
import { AppError } from '@/lib/errors';

export async function lockMembership(tx: TenantTx, { userId }: { userId: string }): Promise<{ role: Role }> {
  await tx.execute(sql`select 1 from ${memberships} where ${memberships.role} = 'owner' for update`);
  const [row] = await tx
    .select({ role: memberships.role })
    .from(memberships)
    .where(eq(memberships.userId, userId))
    .for('update');
  if (!row) throw new AppError('not_found', 'That person is not a member of this workspace.');
  return row;
}

export async function ownerCount(tx: TenantTx): Promise<number> {
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(memberships)
    .where(eq(memberships.role, 'owner'));
  return row?.n ?? 0;
}
