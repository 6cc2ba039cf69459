// Rule order within one scope (tenant-wide, or one mailbox): a full new order (drag and drop) or
// one step up/down (the keyboard path). Positions are rewritten 0…n-1 in one go.
import { and, asc, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import type { TenantTx } from '@/db/tenancy';
import { rules } from '@/db/schema';
import { recordAudit, type AuditActor } from '@/lib/audit/record-audit';
import { AppError } from '@/lib/errors';
import { parseQueryInput } from '@/lib/cases/queries/params';
import { findRuleRow, listRules } from './list-rules';
import type { RuleView } from './rule-view';

export const reorderInput = z.object({
  mailboxId: z.uuid().nullable().default(null),
  ruleIds: z.array(z.uuid()).min(1).max(1000),
});

async function scopeIds(tx: TenantTx, mailboxId: string | null): Promise<string[]> {
  const rows = await tx
    .select({ id: rules.id })
    .from(rules)
    .where(mailboxId ? eq(rules.mailboxId, mailboxId) : isNull(rules.mailboxId))
    .orderBy(asc(rules.position), asc(rules.createdAt), asc(rules.id))
    .for('update');
  return rows.map((r) => r.id);
}

/** Writes positions 0…n-1 in the order of `ids` and records the reorder in the audit log. */
async function writeOrder(
  tx: TenantTx,
  ids: string[],
  audit: { tenantId: string; actor: AuditActor; targetId?: string; details: Record<string, unknown> },
) {
  for (let i = 0; i < ids.length; i++) await tx.update(rules).set({ position: i }).where(eq(rules.id, ids[i]));
  await recordAudit(tx, {
    by: audit,
    action: 'rule.reordered',
    target: { type: 'rule', id: audit.targetId },
    details: audit.details,
  });
}

export async function reorderRules(
  tx: TenantTx,
  p: { tenantId: string; input: unknown; actor: AuditActor },
): Promise<RuleView[]> {
  const { mailboxId, ruleIds } = parseQueryInput(reorderInput, p.input);
  const current = await scopeIds(tx, mailboxId);
  if (
    current.length !== ruleIds.length ||
    new Set(ruleIds).size !== ruleIds.length ||
    ruleIds.some((id) => !current.includes(id))
  ) {
    throw new AppError(
      'validation',
      'ruleIds: list every rule of this scope exactly once (the list changed meanwhile? reload and try again).',
    );
  }
  await writeOrder(tx, ruleIds, { tenantId: p.tenantId, actor: p.actor, details: { mailboxId, ruleIds } });
  return listRules(tx, { scope: mailboxId ?? 'tenant' });
}

export async function moveRule(
  tx: TenantTx,
  p: { tenantId: string; ruleId: string; direction: 'up' | 'down'; actor: AuditActor },
): Promise<RuleView[]> {
  const row = await findRuleRow(tx, p);
  const ids = await scopeIds(tx, row.mailboxId);
  const from = ids.indexOf(row.id);
  const to = p.direction === 'up' ? from - 1 : from + 1;
  if (to >= 0 && to < ids.length) {
    [ids[from], ids[to]] = [ids[to], ids[from]];
    await writeOrder(tx, ids, {
      tenantId: p.tenantId,
      actor: p.actor,
      targetId: row.id,
      details: { direction: p.direction },
    });
  }
  return listRules(tx, { scope: row.mailboxId ?? 'tenant' });
}
