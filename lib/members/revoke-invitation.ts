// Withdraws a pending invitation so its link stops working.
import { and, eq, isNull } from 'drizzle-orm';
import type { TenantTx } from '@/db/tenancy';
import { invitations } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-audit';
import { AppError } from '@/lib/errors';
import { assertCanManageMembers, type MemberActor } from './member-actor';
import { isUuid } from '@/lib/is-uuid';

export async function revokeInvitation(
  tx: TenantTx,
  { tenantId, invitationId, actor }: { tenantId: string; invitationId: string; actor: MemberActor },
): Promise<void> {
  assertCanManageMembers(actor);
  if (!isUuid(invitationId)) throw new AppError('not_found', 'That invitation no longer exists.');
  const deleted = await tx
    .delete(invitations)
    .where(and(eq(invitations.id, invitationId), isNull(invitations.acceptedAt)))
    .returning({ id: invitations.id });
  if (deleted.length === 0) throw new AppError('not_found', 'That invitation no longer exists.');
  await recordAudit(tx, {
    by: { tenantId, actor: { kind: 'user', userId: actor.userId } },
    action: 'invitation.revoked',
    target: { type: 'invitation', id: invitationId },
  });
}
