// Create, update and delete rules. Regexes are compiled at save time (a pattern RE2 refuses never
// reaches ingestion); an assignee must be a current member; a mailbox must be the tenant's.
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { TenantTx } from '@/db/tenancy';
import { mailboxes, rules } from '@/db/schema';
import { recordAudit, type AuditActor } from '@/lib/audit/record-audit';
import { AppError } from '@/lib/errors';
import { parseQueryInput } from '@/lib/cases/queries/params';
import { checkRuleLimits } from './check-rule-limits';
import { findRuleRow, getRule, memberIdSet } from './list-rules';
import { ruleInputSchema, ruleUpdateSchema, type RuleAction } from './rule-schema';
import type { RuleView } from './rule-view';

async function checkReferences(tx: TenantTx, mailboxId: string | null | undefined, actions: RuleAction[] | undefined) {
  if (mailboxId) {
    const [mb] = await tx.select({ id: mailboxes.id }).from(mailboxes).where(eq(mailboxes.id, mailboxId));
    if (!mb)
      throw new AppError('validation', 'mailboxId: there is no such mailbox in this workspace.', {
        field: 'mailboxId',
      });
  }
  const assignees = (actions ?? []).flatMap((a) => (a.type === 'assign' ? [a.userId] : []));
  if (assignees.length) {
    const members = await memberIdSet(tx);
    if (assignees.some((id) => !members.has(id)))
      throw new AppError('validation', 'Assign: that person is not a member of this workspace.', { field: 'actions' });
  }
}

export async function createRule(
  tx: TenantTx,
  p: { tenantId: string; input: unknown; actor: AuditActor },
): Promise<RuleView> {
  const input = parseQueryInput(ruleInputSchema, p.input);
  await checkReferences(tx, input.mailboxId, input.actions);
  await checkRuleLimits(tx, { enabled: input.enabled, conditions: input.conditions });
  const scope = input.mailboxId ? eq(rules.mailboxId, input.mailboxId) : isNull(rules.mailboxId);
  const [{ next }] = await tx
    .select({ next: sql<number>`coalesce(max(${rules.position}), -1)::int + 1` })
    .from(rules)
    .where(scope);
  const [row] = await tx
    .insert(rules)
    .values({ tenantId: p.tenantId, ...input, position: Number(next) })
    .returning({ id: rules.id });
  await recordAudit(tx, {
    by: p,
    action: 'rule.created',
    target: { type: 'rule', id: row.id },
    details: { name: input.name },
  });
  return getRule(tx, { ruleId: row.id });
}

export async function updateRule(
  tx: TenantTx,
  p: { tenantId: string; ruleId: string; input: unknown; actor: AuditActor },
): Promise<RuleView> {
  const existing = await findRuleRow(tx, p);
  const input = parseQueryInput(ruleUpdateSchema, p.input);
  await checkReferences(tx, null, input.actions);
  await checkRuleLimits(tx, {
    ruleId: existing.id,
    enabled: input.enabled ?? existing.enabled,
    conditions: input.conditions ?? (existing.conditions as unknown[]),
  });
  await tx
    .update(rules)
    .set({ ...input, updatedAt: new Date() })
    .where(eq(rules.id, existing.id));
  await recordAudit(tx, {
    by: p,
    action: 'rule.updated',
    target: { type: 'rule', id: existing.id },
    details: { fields: Object.keys(input) },
  });
  return getRule(tx, p);
}

export async function deleteRule(
  tx: TenantTx,
  p: { tenantId: string; ruleId: string; actor: AuditActor },
): Promise<{ deleted: true; id: string }> {
  const existing = await findRuleRow(tx, p);
  await tx.delete(rules).where(eq(rules.id, existing.id));
  await recordAudit(tx, {
    by: p,
    action: 'rule.deleted',
    target: { type: 'rule', id: existing.id },
    details: { name: existing.name },
  });
  return { deleted: true, id: existing.id };
}
