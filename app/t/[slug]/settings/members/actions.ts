'use server';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { appOrigin } from '@/app/_lib/app-origin';
import { defineAction } from '@/lib/auth/define-action';
import { MANAGE_ROLE, roleSchema } from '@/lib/auth/roles';
import { changeMemberRole } from '@/lib/members/change-member-role';
import { withTenant } from '@/db/tenancy';
import { errorMessage } from '@/lib/errors';
import { createInvitation } from '@/lib/members/create-invitation';
import { invitationMail } from '@/lib/members/invitation-mail';
import { sendSystemMail } from '@/lib/mail/send/send-system-mail';
import { emailSchema } from '@/lib/tenants/schemas';
import { removeMember } from '@/lib/members/remove-member';
import { revokeInvitation } from '@/lib/members/revoke-invitation';

const membersPath = (slug: string) => `/t/${slug}/settings/members`;

const inviteInput = z.object({
  role: roleSchema,
  email: z
    .string()
    .trim()
    .max(320)
    .optional()
    .transform((v) => v || undefined)
    .pipe(emailSchema.optional()),
});

// No transaction around the whole action: the mail goes out after the invitation is committed.
export const inviteMemberAction = defineAction(
  { auth: 'tenant', role: MANAGE_ROLE, schema: inviteInput, transaction: false },
  async (input, { tenant, user, role }) => {
    const invitation = await withTenant(tenant.id, (tx) =>
      createInvitation(tx, {
        tenantId: tenant.id,
        role: input.role,
        email: input.email ?? null,
        actor: { userId: user.id, role },
      }),
    );
    const link = `${await appOrigin()}/invite/${invitation.token}`;
    let mailed: 'sent' | 'logged' | 'failed' | null = null;
    if (input.email) {
      const mail = invitationMail({
        to: input.email,
        link,
        workspace: tenant.name,
        role: invitation.role,
        inviter: user.email,
        expiresAt: invitation.expiresAt,
      });
      mailed = await sendSystemMail(mail).catch((err: unknown) => {
        console.error(`[caseflow] invitation mail failed: ${errorMessage(err)}`);
        return 'failed' as const;
      });
    }
    revalidatePath(membersPath(tenant.slug));
    return {
      link,
      role: invitation.role,
      expiresAt: invitation.expiresAt.toISOString(),
      email: input.email ?? null,
      mailed,
    };
  },
);

export const changeRoleAction = defineAction(
  { auth: 'tenant', role: MANAGE_ROLE, schema: z.object({ userId: z.uuid(), role: roleSchema }) },
  async (input, { tx, tenant, user, role }) => {
    await changeMemberRole(tx, {
      tenantId: tenant.id,
      userId: input.userId,
      role: input.role,
      actor: { userId: user.id, role },
    });
    revalidatePath(membersPath(tenant.slug));
    return { saved: true };
  },
);

export const removeMemberAction = defineAction(
  { auth: 'tenant', role: MANAGE_ROLE, schema: z.object({ userId: z.uuid() }) },
  async (input, { tx, tenant, user, role }) => {
    await removeMember(tx, { tenantId: tenant.id, userId: input.userId, actor: { userId: user.id, role } });
    revalidatePath(membersPath(tenant.slug));
    return { removed: true };
  },
);

export const revokeInvitationAction = defineAction(
  { auth: 'tenant', role: MANAGE_ROLE, schema: z.object({ invitationId: z.uuid() }) },
  async (input, { tx, tenant, user, role }) => {
    await revokeInvitation(tx, {
      tenantId: tenant.id,
      invitationId: input.invitationId,
      actor: { userId: user.id, role },
    });
    revalidatePath(membersPath(tenant.slug));
    return { revoked: true };
  },
);
