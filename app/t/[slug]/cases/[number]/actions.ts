'use server';
// Working a case from the browser: thin actions over lib/cases (defineAction does zod, session, membership).
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { defineAction, type TenantActionContext } from '@/lib/auth/define-action';
import { CASE_PRIORITIES, CASE_STATUSES } from '@/lib/cases/case-status';
import { addNote } from '@/lib/cases/add-note';
import { mergeCases } from '@/lib/cases/merge-cases';
import { uploadsFromFiles } from '@/lib/cases/outgoing-attachments';
import { queueReply } from '@/lib/cases/queue-reply';
import { retryReply } from '@/lib/cases/retry-reply';
import { undoReply } from '@/lib/cases/undo-reply';
import { updateCase } from '@/lib/cases/update-case';
import { announceReplying } from '@/lib/workspace/case-presence';
import { checkboxInput } from '@/lib/boolean-text';

const caseRef = { number: z.coerce.number().int().positive() };
const casePath = (slug: string, number: number) => `/t/${slug}/cases/${number}`;

export const updateCaseAction = defineAction(
  {
    auth: 'tenant',
    schema: z.object({
      ...caseRef,
      status: z.enum(CASE_STATUSES).optional(),
      // "" from the select means unassigned; "me" the signed-in agent; an absent field means unchanged.
      assigneeId: z
        .string()
        .optional()
        .transform((v) => (v === undefined ? undefined : v === '' ? null : v)),
      priority: z.enum(CASE_PRIORITIES).optional(),
      // The whole tag list, comma-separated ("" clears it); absent means unchanged.
      tags: z
        .string()
        .optional()
        .transform((v) =>
          v === undefined
            ? undefined
            : v
                .split(',')
                .map((t) => t.trim())
                .filter(Boolean),
        ),
    }),
  },
  async (input, { tx, tenant, actor, user }) => {
    const result = await updateCase(tx, {
      tenantId: tenant.id,
      number: input.number,
      input: {
        status: input.status,
        assigneeId: input.assigneeId === 'me' ? user.id : input.assigneeId,
        priority: input.priority,
        tags: input.tags,
      },
      actor,
    });
    revalidatePath(casePath(tenant.slug, input.number));
    return { changed: result.changed, status: result.status };
  },
);

// The files an agent picked (none: the form sends one empty file, or nothing).
const files = z.array(z.instanceof(File)).optional();

export const addNoteAction = defineAction(
  { auth: 'tenant', schema: z.object({ ...caseRef, text: z.string(), files }) },
  async (input, { tx, tenant, actor }) => {
    const note = await addNote(tx, {
      tenantId: tenant.id,
      number: input.number,
      input: { text: input.text },
      actor,
      files: await uploadsFromFiles(input.files ?? []),
    });
    revalidatePath(casePath(tenant.slug, input.number));
    return { id: note.id };
  },
);

export const replyAction = defineAction(
  {
    auth: 'tenant',
    schema: z.object({
      ...caseRef,
      text: z.string(),
      cc: z.string().optional(),
      replyAll: checkboxInput,
      // "Send and set Pending / Closed": the reply and the status change commit together.
      thenStatus: z.enum(['pending', 'closed']).optional(),
      files,
      // Forward the customer's latest message to this address instead of replying.
      forwardTo: z.string().optional(),
    }),
  },
  async (input, { tx, tenant, actor }) => {
    const reply = await queueReply(tx, {
      tenantId: tenant.id,
      number: input.number,
      input: {
        text: input.text,
        cc: input.cc,
        replyAll: input.replyAll,
        forwardTo: input.forwardTo?.trim() || undefined,
      },
      actor,
      files: await uploadsFromFiles(input.files ?? []),
    });
    if (input.thenStatus)
      await updateCase(tx, { tenantId: tenant.id, number: input.number, input: { status: input.thenStatus }, actor });
    revalidatePath(casePath(tenant.slug, input.number));
    return { id: reply.id, status: reply.deliveryStatus, thenStatus: input.thenStatus ?? null };
  },
);

// Retry and undo send act on one reply of the case (its message id), then show the case again.
const onOneMessage = { auth: 'tenant', schema: z.object({ ...caseRef, messageId: z.uuid() }) } as const;

async function actOnMessage(
  act: typeof retryReply | typeof undoReply,
  input: { number: number; messageId: string },
  { tx, tenant, actor }: TenantActionContext,
): Promise<void> {
  await act(tx, { tenantId: tenant.id, caseMessageId: input.messageId, actor });
  revalidatePath(casePath(tenant.slug, input.number));
}

export const retryReplyAction = defineAction({ ...onOneMessage }, async (input, ctx) => {
  await actOnMessage(retryReply, input, ctx);
  return { queued: true };
});

export const undoReplyAction = defineAction({ ...onOneMessage }, async (input, ctx) => {
  await actOnMessage(undoReply, input, ctx);
  return { withdrawn: true };
});

// Merge this case into another: the browser goes to the case that stays (this number now leads there).
export const mergeCaseAction = defineAction(
  { auth: 'tenant', schema: z.object({ ...caseRef, into: z.string() }) },
  async (input, { tx, tenant, actor }) => {
    const into = input.into.trim().replace(/^#/, '');
    const merged = await mergeCases(tx, { tenantId: tenant.id, number: input.number, input: { into }, actor });
    revalidatePath(`/t/${tenant.slug}/cases`);
    redirect(casePath(tenant.slug, merged.number));
  },
);

// "I am writing a reply here" (the collision notice other agents see), said every few seconds while typing.
export const replyingAction = defineAction(
  { auth: 'tenant', schema: z.object(caseRef) },
  async (input, { tx, tenant, user }) => {
    await announceReplying(tx, { tenantId: tenant.id, userId: user.id, number: input.number });
    return { ok: true };
  },
);
