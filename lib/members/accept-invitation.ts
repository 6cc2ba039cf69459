// Accepting an invitation: an existing user joins, or a new person creates an account and joins.
// Single use is enforced by one conditional UPDATE, so two clicks at once cannot both succeed.
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { invitations, memberships, tenants, users } from '@/db/schema';
import { withSystem } from '@/db/tenancy';
import { recordAudit } from '@/lib/audit/record-audit';
import { hashPassword, passwordSchema } from '@/lib/auth/password';
import { AppError } from '@/lib/errors';
import { emailSchema } from '@/lib/tenants/schemas';
import { hashInvitationToken, looksLikeInvitationToken } from './invitation-token';

export const newAccountSchema = z.object({
  email: emailSchema,
  password: passwordSchema,
  name: z.string().trim().max(100).optional(),
});

export type AcceptedInvitation = { tenantId: string; slug: string; userId: string; alreadyMember: boolean };

export async function acceptInvitation(
  input: { token: string; user: { userId: string } | z.input<typeof newAccountSchema> },
  { db, now = new Date() }: { db?: Db; now?: Date } = {},
): Promise<AcceptedInvitation> {
  const account = 'userId' in input.user ? null : newAccountSchema.parse(input.user);
  const passwordHash = account ? await hashPassword(account.password) : null;
  if (!looksLikeInvitationToken(input.token)) throw invalid();

  return withSystem(async (tx) => {
    const [invitation] = await tx
      .select({
        id: invitations.id,
        tenantId: invitations.tenantId,
        role: invitations.role,
        acceptedAt: invitations.acceptedAt,
        expiresAt: invitations.expiresAt,
        slug: tenants.slug,
      })
      .from(invitations)
      .innerJoin(tenants, eq(tenants.id, invitations.tenantId))
      .where(eq(invitations.tokenHash, hashInvitationToken(input.token)));
    if (!invitation) throw invalid();
    if (invitation.acceptedAt)
      throw new AppError(
        'conflict',
        'This invitation has already been used. Ask the person who invited you for a new link.',
      );
    if (invitation.expiresAt <= now)
      throw new AppError('conflict', 'This invitation has expired. Ask the person who invited you for a new link.');

    let userId: string;
    if (account) {
      const [existing] = await tx
        .select({ id: users.id })
        .from(users)
        .where(sql`lower(${users.email}) = ${account.email}`);
      if (existing)
        throw new AppError(
          'conflict',
          'An account with this email already exists. Sign in first, then open the link again.',
          { field: 'email' },
        );
      const [user] = await tx
        .insert(users)
        .values({ email: account.email, name: account.name || null, passwordHash: passwordHash! })
        .returning({ id: users.id });
      userId = user.id;
    } else {
      userId = (input.user as { userId: string }).userId;
      const [member] = await tx
        .select({ id: memberships.id })
        .from(memberships)
        .where(and(eq(memberships.tenantId, invitation.tenantId), eq(memberships.userId, userId)));
      // Already in: the link stays unused for whoever it was meant for.
      if (member) return { tenantId: invitation.tenantId, slug: invitation.slug, userId, alreadyMember: true };
    }

    const claimed = await tx
      .update(invitations)
      .set({ acceptedAt: now, acceptedBy: userId })
      .where(and(eq(invitations.id, invitation.id), isNull(invitations.acceptedAt), gt(invitations.expiresAt, now)))
      .returning({ id: invitations.id });
    if (claimed.length === 0)
      throw new AppError(
        'conflict',
        'This invitation has already been used. Ask the person who invited you for a new link.',
      );

    await tx.insert(memberships).values({ tenantId: invitation.tenantId, userId, role: invitation.role });
    await recordAudit(tx, {
      by: { tenantId: invitation.tenantId, actor: { kind: 'user', userId } },
      action: 'invitation.accepted',
      target: { type: 'invitation', id: invitation.id },
      details: { role: invitation.role },
    });
    return { tenantId: invitation.tenantId, slug: invitation.slug, userId, alreadyMember: false };
  }, db);
}

function invalid() {
  return new AppError('not_found', 'This invitation link is not valid. Check that you copied the whole link.');
}
