'use server';
// The review queue's actions, for every member (agents included): release held mail to a case (one or
// several, after a confirmation in the page), block its sender, mark it not spam, or ask an unknown
// sender again to confirm.
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { defineAction } from '@/lib/auth/define-action';
import { releaseIgnoredMessage } from '@/lib/cases/release-ignored-message';
import { blockHeldSender, markHeldNotSpam } from '@/lib/cases/review-sender-action';
import { resendSenderConfirmation } from '@/lib/contacts/resend-sender-confirmation';

const reviewPath = (slug: string) => `/t/${slug}/review`;

export const releaseHeldAction = defineAction(
  {
    auth: 'tenant',
    // Comma-separated ids: one message, or the selection of a bulk release.
    schema: z.object({ ids: z.string().max(20_000) }),
  },
  async (input, { tx, tenant, actor }) => {
    const ids = [...new Set(input.ids.split(',').map((s) => s.trim()))].filter(Boolean).slice(0, 200);
    const released: number[] = [];
    for (const ignoredMessageId of ids) {
      const r = await releaseIgnoredMessage(tx, { tenantId: tenant.id, ignoredMessageId, actor });
      released.push(r.caseNumber);
    }
    revalidatePath(reviewPath(tenant.slug));
    return { released: ids.length, caseNumbers: released };
  },
);

export const blockHeldSenderAction = defineAction(
  { auth: 'tenant', schema: z.object({ id: z.string() }) },
  async (input, { tx, tenant, actor }) => {
    const r = await blockHeldSender(tx, { tenantId: tenant.id, ignoredMessageId: input.id, actor });
    revalidatePath(reviewPath(tenant.slug));
    return r;
  },
);

export const notSpamAction = defineAction(
  { auth: 'tenant', schema: z.object({ id: z.string() }) },
  async (input, { tx, tenant, actor }) => {
    const r = await markHeldNotSpam(tx, { tenantId: tenant.id, ignoredMessageId: input.id, actor });
    revalidatePath(reviewPath(tenant.slug));
    return { caseNumber: r.caseNumber, allowed: r.allowed };
  },
);

export const resendConfirmationAction = defineAction(
  { auth: 'tenant', schema: z.object({ id: z.string() }) },
  async (input, { tx, tenant, actor }) => {
    const r = await resendSenderConfirmation(tx, { tenantId: tenant.id, ignoredMessageId: input.id, actor });
    revalidatePath(reviewPath(tenant.slug));
    return { to: r.to };
  },
);
