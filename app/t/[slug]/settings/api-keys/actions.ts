'use server';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { apiKeyNameSchema, createApiKey } from '@/lib/api-keys/create-api-key';
import { revokeApiKey } from '@/lib/api-keys/revoke-api-key';
import { defineAction } from '@/lib/auth/define-action';
import { MANAGE_ROLE } from '@/lib/auth/roles';

export const createApiKeyAction = defineAction(
  { auth: 'tenant', role: MANAGE_ROLE, schema: z.object({ name: apiKeyNameSchema }) },
  async (input, { tx, tenant, user }) => {
    const created = await createApiKey(tx, { tenantId: tenant.id, name: input.name, createdBy: user.id });
    revalidatePath(`/t/${tenant.slug}/settings/api-keys`);
    return { key: created.key, name: created.name };
  },
);

export const revokeApiKeyAction = defineAction(
  { auth: 'tenant', role: MANAGE_ROLE, schema: z.object({ apiKeyId: z.uuid() }) },
  async (input, { tx, tenant, actor }) => {
    await revokeApiKey(tx, { tenantId: tenant.id, apiKeyId: input.apiKeyId, actor });
    revalidatePath(`/t/${tenant.slug}/settings/api-keys`);
    return { revoked: true };
  },
);
