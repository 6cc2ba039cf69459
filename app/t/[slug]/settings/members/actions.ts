'use server';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { appOrigin } from '@/app/_lib/app-origin';
import { defineAction } from '@/lib/auth/define-action';
import { MANAGE_ROLE, roleSchema } from '@/lib/auth/roles';
import { changeMemberRole } from '@/lib/members/change-member-role';
import { createInvitation } from '@/lib/members/create-invitation';
import { removeMember } from '@/lib/members/remove-member';
import { revokeInvitation } from '@/lib/members/revoke-invitation';

const membersPath = (slug: string) => `/t/${slug}/settings/members`;

export const inviteMemberAction = defineAction(
  { auth: 'tenant', role: MANAGE_ROLE, schema: z.object({ role: roleSchema }) },
  async (input, { tx, tenant, user, role }) => {
    const invitation = await createInvitation(tx, {
      tenantId: tenant.id,
      role: input.role,
      actor: { userId: user.id, role },
    });
    revalidatePath(membersPath(tenant.slug));
    return {
      link: `${await appOrigin()}/invite/${invitation.token}`,
      role: invitation.role,
      expiresAt: invitation.expiresAt.toISOString(),
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
