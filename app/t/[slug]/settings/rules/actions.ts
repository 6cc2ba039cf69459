'use server';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { defineAction } from '@/lib/auth/define-action';
import { MANAGE_ROLE } from '@/lib/auth/roles';
import { AppError } from '@/lib/errors';
import { moveRule, reorderRules } from '@/lib/rules/reorder-rules';
import { rerunRules } from '@/lib/rules/rerun-rules';
import { createRule, deleteRule, updateRule } from '@/lib/rules/save-rule';
import { simulateWithChecks } from '@/lib/rules/simulate-message';

const rulesPath = (slug: string) => `/t/${slug}/settings/rules`;

/** Structured input (a rule, an order) travels as one JSON form field and is validated by lib/rules. */
const json = z
  .string()
  .max(2_000_000)
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'The form data could not be read. Reload the page and try again.' });
      return z.NEVER;
    }
  });

export const saveRuleAction = defineAction(
  { auth: 'tenant', role: MANAGE_ROLE, schema: z.object({ ruleId: z.string().optional(), payload: json }) },
  async (input, { tx, tenant, actor }) => {
    const saved = input.ruleId
      ? await updateRule(tx, { tenantId: tenant.id, ruleId: input.ruleId, input: withoutScope(input.payload), actor })
      : await createRule(tx, { tenantId: tenant.id, input: input.payload, actor });
    revalidatePath(rulesPath(tenant.slug));
    return { id: saved.id, name: saved.name };
  },
);

function withoutScope(payload: unknown): unknown {
  if (!payload || typeof payload !== 'object') return payload;
  const { mailboxId: _ignored, ...rest } = payload as Record<string, unknown>;
  return rest;
}

export const deleteRuleAction = defineAction(
  { auth: 'tenant', role: MANAGE_ROLE, schema: z.object({ ruleId: z.string() }) },
  async (input, { tx, tenant, actor }) => {
    await deleteRule(tx, { tenantId: tenant.id, ruleId: input.ruleId, actor });
    revalidatePath(rulesPath(tenant.slug));
    return { deleted: true };
  },
);

export const toggleRuleAction = defineAction(
  { auth: 'tenant', role: MANAGE_ROLE, schema: z.object({ ruleId: z.string(), enabled: z.enum(['true', 'false']) }) },
  async (input, { tx, tenant, actor }) => {
    await updateRule(tx, {
      tenantId: tenant.id,
      ruleId: input.ruleId,
      input: { enabled: input.enabled === 'true' },
      actor,
    });
    revalidatePath(rulesPath(tenant.slug));
    return { enabled: input.enabled === 'true' };
  },
);

export const moveRuleAction = defineAction(
  { auth: 'tenant', role: MANAGE_ROLE, schema: z.object({ ruleId: z.string(), direction: z.enum(['up', 'down']) }) },
  async (input, { tx, tenant, actor }) => {
    await moveRule(tx, { tenantId: tenant.id, ruleId: input.ruleId, direction: input.direction, actor });
    revalidatePath(rulesPath(tenant.slug));
    return { moved: true };
  },
);

export const reorderRulesAction = defineAction(
  { auth: 'tenant', role: MANAGE_ROLE, schema: z.object({ payload: json }) },
  async (input, { tx, tenant, actor }) => {
    await reorderRules(tx, { tenantId: tenant.id, input: input.payload, actor });
    revalidatePath(rulesPath(tenant.slug));
    return { reordered: true };
  },
);

export const simulateAction = defineAction(
  {
    auth: 'tenant',
    role: MANAGE_ROLE,
    transaction: false,
    schema: z.object({
      mailboxId: z
        .string()
        .min(1, 'Choose a mailbox.') /** The .eml bytes, base64 (an upload keeps its exact 8-bit bytes). */,
      rawBase64: z.string().max(40_000_000).optional(),
      rawMessageId: z.string().optional(),
    }),
  },
  async (input, { tenant }) => {
    // The checks (DNS, rspamd) run outside any transaction: simulateWithChecks opens its own.
    if (input.rawMessageId)
      return simulateWithChecks({
        tenantId: tenant.id,
        mailboxId: input.mailboxId,
        source: { rawMessageId: input.rawMessageId },
      });
    const raw = Buffer.from(input.rawBase64 ?? '', 'base64');
    if (!raw.length) throw new AppError('validation', 'Paste a message, upload an .eml file or pick a stored message.');
    return simulateWithChecks({ tenantId: tenant.id, mailboxId: input.mailboxId, source: { raw } });
  },
);

export const rerunAction = defineAction(
  { auth: 'tenant', role: MANAGE_ROLE, schema: z.object({ payload: json }) },
  async (input, { tx, tenant, actor }) => {
    const result = await rerunRules(tx, { tenantId: tenant.id, input: input.payload, actor });
    revalidatePath(rulesPath(tenant.slug));
    return result;
  },
);
