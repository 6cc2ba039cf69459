// Removes someone from the workspace (their account stays); never the last owner.
import { eq } from 'drizzle-orm';
import type { TenantTx } from '@/db/tenancy';
import { memberships } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-audit';
import { assertCanManageMembers, assertCanTouchRole, type MemberActor } from './member-actor';
import { assertOwnerRemains, lockMembership } from './lock-membership';
import { endUserLiveStreams } from '@/lib/live/end-live-session';

export async function removeMember(
  tx: TenantTx,
  { tenantId, userId, actor }: { tenantId: string; userId: string; actor: MemberActor },
): Promise<void> {
  assertCanManageMembers(actor);
  const current = await lockMembership(tx, { userId });
  assertCanTouchRole(actor, current.role);
  await assertOwnerRemains(tx, current.role, 'The last owner cannot be removed. Make someone else an owner first.');
  await tx.delete(memberships).where(eq(memberships.userId, userId));
  await endUserLiveStreams(tx, { userId, tenantId }); // their open streams of this workspace close at commit
  await recordAudit(tx, {
    by: { tenantId, actor: { kind: 'user', userId: actor.userId } },
    action: 'member.removed',
    target: { type: 'user', id: userId },
    details: { role: current.role },
  });
}
