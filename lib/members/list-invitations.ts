// Invitations still waiting to be accepted (the tokens themselves are never shown again).
import { and, asc, gt, isNull } from 'drizzle-orm';
import type { TenantTx } from '@/db/tenancy';
import { invitations } from '@/db/schema';
import type { Role } from '@/lib/auth/roles';

export type PendingInvitation = { id: string; role: Role; createdAt: Date; expiresAt: Date };

export async function listPendingInvitations(
  tx: TenantTx,
  { now = new Date() }: { now?: Date } = {},
): Promise<PendingInvitation[]> {
  return tx
    .select({
      id: invitations.id,
      role: invitations.role,
      createdAt: invitations.createdAt,
      expiresAt: invitations.expiresAt,
    })
    .from(invitations)
    .where(and(isNull(invitations.acceptedAt), gt(invitations.expiresAt, now)))
    .orderBy(asc(invitations.createdAt));
}
