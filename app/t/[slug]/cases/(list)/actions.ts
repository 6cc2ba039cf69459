'use server';
// The cases list's own actions: bulk changes to selected cases (merging them too), and the agent's saved views.
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { defineAction } from '@/lib/auth/define-action';
import { bulkNumbersSchema, bulkUpdateCases } from '@/lib/cases/bulk-update-cases';
import { mergeCases } from '@/lib/cases/merge-cases';
import { CASE_PRIORITIES, CASE_STATUSES } from '@/lib/cases/case-status';
import { AppError } from '@/lib/errors';
import { deleteSavedView, saveView } from '@/lib/workspace/saved-views';

const optional = (s: z.ZodType<string>) =>
  z.preprocess((v) => (v === '' || v === undefined ? undefined : v), s.optional());

export const bulkUpdateCasesAction = defineAction(
  {
    auth: 'tenant',
    schema: z.object({
      numbers: z.string().transform((s) => s.split(',').filter(Boolean)),
      status: optional(z.enum(CASE_STATUSES)),
      // 'me': the signed-in agent; 'none': unassign.
      assignee: optional(z.union([z.enum(['me', 'none']), z.uuid()])),
      priority: optional(z.enum(CASE_PRIORITIES)),
      addTag: optional(z.string()),
      removeTag: optional(z.string()),
    }),
  },
  async (input, { tx, tenant, actor, user }) => {
    const result = await bulkUpdateCases(tx, {
      tenantId: tenant.id,
      numbers: input.numbers.map(Number),
      input: {
        status: input.status,
        assigneeId:
          input.assignee === undefined
            ? undefined
            : input.assignee === 'none'
              ? null
              : input.assignee === 'me'
                ? user.id
                : input.assignee,
        priority: input.priority,
        addTags: input.addTag ? [input.addTag] : undefined,
        removeTags: input.removeTag ? [input.removeTag] : undefined,
      },
      actor,
    });
    revalidatePath(`/t/${tenant.slug}/cases`);
    return result;
  },
);

// The selected cases become one: each joins the oldest of them (the lowest number), in number order.
export const bulkMergeCasesAction = defineAction(
  { auth: 'tenant', schema: z.object({ numbers: z.string().transform((s) => s.split(',').filter(Boolean)) }) },
  async (input, { tx, tenant, actor }) => {
    const numbers = [...new Set(bulkNumbersSchema.parse(input.numbers))].sort((a, b) => a - b);
    if (numbers.length < 2) throw new AppError('validation', 'Select at least two cases to merge.');
    const [into, ...rest] = numbers;
    for (const number of rest) await mergeCases(tx, { tenantId: tenant.id, number, input: { into }, actor });
    revalidatePath(`/t/${tenant.slug}/cases`);
    return { into, merged: rest };
  },
);

export const saveViewAction = defineAction(
  { auth: 'tenant', schema: z.object({ name: z.string(), query: z.string() }) },
  async (input, { tx, tenant, user }) => {
    const view = await saveView(tx, { tenantId: tenant.id, userId: user.id, input });
    revalidatePath(`/t/${tenant.slug}/cases`);
    return { id: view.id };
  },
);

export const deleteViewAction = defineAction(
  { auth: 'tenant', schema: z.object({ id: z.uuid() }) },
  async (input, { tx, tenant, user }) => {
    await deleteSavedView(tx, { userId: user.id, id: input.id });
    revalidatePath(`/t/${tenant.slug}/cases`);
    return { deleted: true };
  },
);
