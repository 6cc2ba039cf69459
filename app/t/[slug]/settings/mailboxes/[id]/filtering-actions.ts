'use server';
// The mailbox page's filtering form (sender verification, trusted ARC sealers, spam, sender filter,
// attachments policy) and its reply template form (owners and admins only).
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { defineAction } from '@/lib/auth/define-action';
import { MANAGE_ROLE } from '@/lib/auth/roles';
import { updateMailFiltering } from '@/lib/mailboxes/mail-filtering';
import { checkboxInput } from '@/lib/boolean-text';

const form = z.object({
  mailboxId: z.string(),
  senderVerification: z.enum(['default', 'enforce', 'record', 'off']),
  trustedAuthservId: z.string().max(300).optional(),
  spamFilter: checkboxInput,
  spamScoreThreshold: z.string().max(20).optional(),
  spamSclThreshold: z.string().max(2).optional(),
  senderFilter: z.enum(['anyone', 'contacts']).optional(),
  confirmUnknownSenders: checkboxInput,
  confirmationExpiryDays: z.string().max(5).optional(),
  createContacts: checkboxInput,
  trustedArcSealers: z.string().max(6000).optional(),
  attachmentMaxCount: z.string().max(10).optional(),
  attachmentMaxMegabytes: z.string().max(10).optional(),
  attachmentOverLimit: z.enum(['strip', 'hold']).optional(),
});

/** An empty field is "no limit"; anything else must be a number (the lib schema says which). */
const limit = (v: string | undefined, scale = 1) => {
  const t = v?.trim();
  if (!t) return null;
  const n = Number(t);
  return Number.isFinite(n) ? Math.round(n * scale) : NaN;
};

export const updateFilteringAction = defineAction(
  { auth: 'tenant', role: MANAGE_ROLE, schema: form },
  async (input, { tx, tenant, actor }) => {
    const score = input.spamScoreThreshold?.trim();
    await updateMailFiltering(tx, {
      mailboxId: input.mailboxId,
      input: {
        senderVerification: input.senderVerification === 'default' ? null : input.senderVerification,
        trustedAuthservId: input.trustedAuthservId?.trim() || null,
        spamFilter: input.spamFilter,
        spamScoreThreshold: score ? Number(score) : null,
        spamSclThreshold: Number(input.spamSclThreshold ?? 5),
        senderFilter: input.senderFilter ?? 'anyone',
        confirmUnknownSenders: input.confirmUnknownSenders,
        confirmationExpiryDays: Number(input.confirmationExpiryDays?.trim() || 7),
        createContacts: input.createContacts,
        trustedArcSealers: (input.trustedArcSealers ?? '').split(/[\s,]+/).filter(Boolean),
        attachments: {
          maxCount: limit(input.attachmentMaxCount),
          maxBytes: limit(input.attachmentMaxMegabytes, 1024 * 1024),
          overLimit: input.attachmentOverLimit ?? 'strip',
        },
      },
      actor,
    });
    revalidatePath(`/t/${tenant.slug}/settings/mailboxes/${input.mailboxId}`);
    return { saved: true };
  },
);

export const updateReplyTemplateAction = defineAction(
  {
    auth: 'tenant',
    role: MANAGE_ROLE,
    schema: z.object({ mailboxId: z.string(), enabled: checkboxInput, replyTemplate: z.string().optional() }),
  },
  async (input, { tx, tenant, actor }) => {
    await updateMailFiltering(tx, {
      mailboxId: input.mailboxId,
      input: { replyTemplate: input.enabled ? (input.replyTemplate ?? '') : null },
      actor,
    });
    revalidatePath(`/t/${tenant.slug}/settings/mailboxes/${input.mailboxId}`);
    return { saved: true };
  },
);
