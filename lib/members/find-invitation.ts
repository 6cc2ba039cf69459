// Looks an invitation up by its token (system role: the invitee is not a member yet).
import { eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { invitations, tenants } from '@/db/schema';
import { withSystem } from '@/db/tenancy';
import type { Role } from '@/lib/auth/roles';
import { hashInvitationToken, looksLikeInvitationToken } from './invitation-token';

export type InvitationStatus = 'pending' | 'expired' | 'accepted';
export type FoundInvitation = {
  id: string;
  tenant: { id: string; name: string; slug: string };
  role: Role;
  status: InvitationStatus;
  expiresAt: Date;
  acceptedBy: string | null;
};

export async function findInvitation(
  token: string,
  { db, now = new Date() }: { db?: Db; now?: Date } = {},
): Promise<FoundInvitation | null> {
  if (!looksLikeInvitationToken(token)) return null;
  const [row] = await withSystem(
    (tx) =>
      tx
        .select({
          id: invitations.id,
          role: invitations.role,
          expiresAt: invitations.expiresAt,
          acceptedAt: invitations.acceptedAt,
          acceptedBy: invitations.acceptedBy,
          tenantId: tenants.id,
          tenantName: tenants.name,
          tenantSlug: tenants.slug,
        })
        .from(invitations)
        .innerJoin(tenants, eq(tenants.id, invitations.tenantId))
        .where(eq(invitations.tokenHash, hashInvitationToken(token))),
    db,
  );
  if (!row) return null;
  const status: InvitationStatus = row.acceptedAt ? 'accepted' : row.expiresAt <= now ? 'expired' : 'pending';
  return {
    id: row.id,
    tenant: { id: row.tenantId, name: row.tenantName, slug: row.tenantSlug },
    role: row.role,
    status,
    expiresAt: row.expiresAt,
    acceptedBy: row.acceptedBy,
  };
}
