'use server';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { defineAction } from '@/lib/auth/define-action';
import { MANAGE_ROLE } from '@/lib/auth/roles';
import { addSenderEntry, removeSenderEntry, senderListKind } from '@/lib/rules/sender-list-entries';

const sendersPath = (slug: string) => `/t/${slug}/settings/senders`;

export const addSenderAction = defineAction(
  {
    auth: 'tenant',
    role: MANAGE_ROLE,
    schema: z.object({
      kind: senderListKind,
      pattern: z.string().min(1, 'Enter an address or a domain.'),
      note: z.string().optional(),
    }),
  },
  async (input, { tx, tenant, actor }) => {
    const entry = await addSenderEntry(tx, { tenantId: tenant.id, input, actor });
    revalidatePath(sendersPath(tenant.slug));
    return { pattern: entry.pattern, kind: entry.kind };
  },
);

export const removeSenderAction = defineAction(
  { auth: 'tenant', role: MANAGE_ROLE, schema: z.object({ id: z.string() }) },
  async (input, { tx, tenant, actor }) => {
    await removeSenderEntry(tx, { tenantId: tenant.id, id: input.id, actor });
    revalidatePath(sendersPath(tenant.slug));
    return { removed: true };
  },
);
