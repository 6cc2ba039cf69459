// Invite by link: the token is returned once (for the link or the invitation mail) and stored only as a hash;
// 7 days, single use. The address, when given, is where the link was mailed (any address may accept it).
import { invitations } from '@/db/schema';
import type { TenantTx } from '@/db/tenancy';
import { recordAudit } from '@/lib/audit/record-audit';
import type { Role } from '@/lib/auth/roles';
import { assertCanManageMembers, assertCanTouchRole, type MemberActor } from './member-actor';
import { hashInvitationToken, INVITATION_TTL_MS, newInvitationToken } from './invitation-token';

export type CreatedInvitation = { id: string; token: string; role: Role; expiresAt: Date };

export async function createInvitation(
  tx: TenantTx,
  {
    tenantId,
    role,
    actor,
    email = null,
    now = new Date(),
  }: { tenantId: string; role: Role; actor: MemberActor; email?: string | null; now?: Date },
): Promise<CreatedInvitation> {
  assertCanManageMembers(actor);
  assertCanTouchRole(actor, role);
  const token = newInvitationToken();
  const expiresAt = new Date(now.getTime() + INVITATION_TTL_MS);
  const [row] = await tx
    .insert(invitations)
    .values({ tenantId, role, email, tokenHash: hashInvitationToken(token), expiresAt, createdBy: actor.userId })
    .returning({ id: invitations.id });
  await recordAudit(tx, {
    by: { tenantId, actor: { kind: 'user', userId: actor.userId } },
    action: 'invitation.created',
    target: { type: 'invitation', id: row.id },
    details: { role, expiresAt: expiresAt.toISOString() },
  });
  return { id: row.id, token, role, expiresAt };
}
