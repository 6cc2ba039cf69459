'use server';
// The mailbox page's filtering form: sender verification, spam and sender filter settings (owners and admins only).
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { defineAction } from '@/lib/auth/define-action';
import { MANAGE_ROLE } from '@/lib/auth/roles';
import { updateMailFiltering } from '@/lib/mailboxes/mail-filtering';

const form = z.object({
  mailboxId: z.string(),
  senderVerification: z.enum(['default', 'enforce', 'record', 'off']),
  trustedAuthservId: z.string().max(300).optional(),
  spamFilter: z.string().optional(),
  spamScoreThreshold: z.string().max(20).optional(),
  spamSclThreshold: z.string().max(2).optional(),
  senderFilter: z.enum(['anyone', 'contacts']).optional(),
  confirmUnknownSenders: z.string().optional(),
  confirmationExpiryDays: z.string().max(5).optional(),
  createContacts: z.string().optional(),
});

export const updateFilteringAction = defineAction(
  { auth: 'tenant', role: MANAGE_ROLE, schema: form },
  async (input, { tx, tenant, actor }) => {
    const score = input.spamScoreThreshold?.trim();
    await updateMailFiltering(tx, {
      mailboxId: input.mailboxId,
      input: {
        senderVerification: input.senderVerification === 'default' ? null : input.senderVerification,
        trustedAuthservId: input.trustedAuthservId?.trim() || null,
        spamFilter: input.spamFilter === 'on',
        spamScoreThreshold: score ? Number(score) : null,
        spamSclThreshold: Number(input.spamSclThreshold ?? 5),
        senderFilter: input.senderFilter ?? 'anyone',
        confirmUnknownSenders: input.confirmUnknownSenders === 'on',
        confirmationExpiryDays: Number(input.confirmationExpiryDays?.trim() || 7),
        createContacts: input.createContacts === 'on',
      },
      actor,
    });
    revalidatePath(`/t/${tenant.slug}/settings/mailboxes/${input.mailboxId}`);
    return { saved: true };
  },
);
