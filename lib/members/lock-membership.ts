// Row locks for member changes: the tenant's owner rows are locked together so two concurrent
// demotions cannot each see "another owner is left" and leave none.
import { and, eq, sql } from 'drizzle-orm';
import type { TenantTx } from '@/db/tenancy';
import { memberships } from '@/db/schema';
import type { Role } from '@/lib/auth/roles';
import { AppError } from '@/lib/errors';
import { isUuid } from '@/lib/is-uuid';

const NOT_A_MEMBER = 'That person is not a member of this workspace.';

export async function lockMembership(tx: TenantTx, { userId }: { userId: string }): Promise<{ role: Role }> {
  // A malformed id names nobody: the same answer as for someone who is not a member.
  if (!isUuid(userId)) throw new AppError('not_found', NOT_A_MEMBER);
  await tx.execute(sql`select 1 from ${memberships} where ${memberships.role} = 'owner' for update`);
  const [row] = await tx
    .select({ role: memberships.role })
    .from(memberships)
    .where(eq(memberships.userId, userId))
    .for('update');
  if (!row) throw new AppError('not_found', NOT_A_MEMBER);
  return row;
}

/** Refuses (`message`) to take the owner role from the last owner; the owner rows are locked by lockMembership. */
export async function assertOwnerRemains(tx: TenantTx, role: Role, message: string): Promise<void> {
  if (role === 'owner' && (await ownerCount(tx)) <= 1) throw new AppError('conflict', message);
}

async function ownerCount(tx: TenantTx): Promise<number> {
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(memberships)
    .where(eq(memberships.role, 'owner'));
  return row?.n ?? 0;
}
