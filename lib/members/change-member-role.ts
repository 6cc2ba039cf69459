// Changes a member's role; an admin cannot touch owners, and the last owner stays an owner.
import { and, eq } from 'drizzle-orm';
import type { TenantTx } from '@/db/tenancy';
import { memberships } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-audit';
import type { Role } from '@/lib/auth/roles';
import { assertCanManageMembers, assertCanTouchRole, type MemberActor } from './member-actor';
import { assertOwnerRemains, lockMembership } from './lock-membership';

export async function changeMemberRole(
  tx: TenantTx,
  { tenantId, userId, role, actor }: { tenantId: string; userId: string; role: Role; actor: MemberActor },
): Promise<{ userId: string; role: Role }> {
  assertCanManageMembers(actor);
  const current = await lockMembership(tx, { userId });
  if (current.role === role) return { userId, role };
  assertCanTouchRole(actor, current.role);
  assertCanTouchRole(actor, role);
  await assertOwnerRemains(tx, current.role, 'A workspace needs at least one owner. Make someone else an owner first.');
  await tx.update(memberships).set({ role }).where(eq(memberships.userId, userId));
  await recordAudit(tx, {
    by: { tenantId, actor: { kind: 'user', userId: actor.userId } },
    action: 'member.role_changed',
    target: { type: 'user', id: userId },
    details: { from: current.role, to: role },
  });
  return { userId, role };
}
