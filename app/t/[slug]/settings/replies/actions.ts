'use server';
// Canned replies (any member of the workspace) and the signed-in agent's own signature.
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { defineAction } from '@/lib/auth/define-action';
import { deleteCannedReply, saveCannedReply } from '@/lib/workspace/canned-replies';
import { setAgentSignature } from '@/lib/workspace/agent-signature';

const repliesPath = (slug: string) => `/t/${slug}/settings/replies`;

export const saveCannedReplyAction = defineAction(
  {
    auth: 'tenant',
    schema: z.object({ id: z.uuid().optional().or(z.literal('')), name: z.string(), body: z.string() }),
  },
  async (input, { tx, tenant, actor }) => {
    const saved = await saveCannedReply(tx, {
      tenantId: tenant.id,
      id: input.id || undefined,
      input: { name: input.name, body: input.body },
      actor,
    });
    revalidatePath(repliesPath(tenant.slug));
    return { id: saved.id };
  },
);

export const deleteCannedReplyAction = defineAction(
  { auth: 'tenant', schema: z.object({ id: z.uuid() }) },
  async (input, { tx, tenant, actor }) => {
    await deleteCannedReply(tx, { tenantId: tenant.id, id: input.id, actor });
    revalidatePath(repliesPath(tenant.slug));
    return { deleted: true };
  },
);

export const saveSignatureAction = defineAction(
  { auth: 'tenant', schema: z.object({ signature: z.string() }) },
  async (input, { tx, tenant, user }) => {
    await setAgentSignature(tx, { tenantId: tenant.id, userId: user.id, input });
    revalidatePath(repliesPath(tenant.slug));
    return { saved: true };
  },
);
