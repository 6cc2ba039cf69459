// The tenant's rules in the order they run: tenant-wide first, then each mailbox's, by position.
import { asc, eq, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { TenantTx } from '@/db/tenancy';
import { memberships, rules } from '@/db/schema';
import { AppError } from '@/lib/errors';
import { toRuleView, type RuleView } from './rule-view';
import { isUuid } from '@/lib/is-uuid';

export const listRulesInput = z.object({
  /** A mailbox id, 'tenant' for tenant-wide rules only, or absent for all. */
  scope: z.union([z.literal('tenant'), z.uuid()]).optional(),
});

export async function memberIdSet(tx: TenantTx): Promise<Set<string>> {
  const rows = await tx.select({ userId: memberships.userId }).from(memberships);
  return new Set(rows.map((r) => r.userId));
}

export async function listRules(tx: TenantTx, p: { scope?: string } = {}): Promise<RuleView[]> {
  const parsed = listRulesInput.safeParse({ scope: p.scope });
  if (!parsed.success) throw new AppError('validation', 'scope: a mailbox id or "tenant".');
  const { scope } = parsed.data;
  const rows = await tx
    .select()
    .from(rules)
    .where(scope === 'tenant' ? isNull(rules.mailboxId) : scope ? eq(rules.mailboxId, scope) : undefined)
    .orderBy(
      sql`${rules.mailboxId} is not null`,
      asc(rules.mailboxId),
      asc(rules.position),
      asc(rules.createdAt),
      asc(rules.id),
    );
  const members = await memberIdSet(tx);
  return rows.map((r) => toRuleView(r, members));
}

export async function getRule(tx: TenantTx, p: { ruleId: string }): Promise<RuleView> {
  const row = await findRuleRow(tx, p);
  return toRuleView(row, await memberIdSet(tx));
}

export async function findRuleRow(tx: TenantTx, { ruleId }: { ruleId: string }) {
  if (!isUuid(ruleId)) throw new AppError('not_found', 'There is no such rule.');
  const [row] = await tx.select().from(rules).where(eq(rules.id, ruleId));
  if (!row) throw new AppError('not_found', 'There is no such rule.');
  return row;
}
