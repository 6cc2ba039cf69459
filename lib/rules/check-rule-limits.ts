// The rules' budget per tenant (README "Rules"): at most MAX_RULES rules, and the regex conditions of
// all enabled rules together within MAX_PATTERN_BUDGET (compiled program size), so the work the rules
// can cost one message is bounded however they are spread. Checked when a rule is saved; loading
// applies the same limits to rules stored before them (load-rule-set.ts).
import { ne } from 'drizzle-orm';
import type { TenantTx } from '@/db/tenancy';
import { rules } from '@/db/schema';
import { AppError } from '@/lib/errors';
import { patternCost } from './compile-rule-pattern';
import { conditionSchema, MAX_PATTERN_BUDGET, MAX_RULES } from './rule-schema';

/** The summed program size of the regex conditions (valid ones; invalid ones never run). */
export function conditionsCost(conditions: readonly unknown[]): number {
  let cost = 0;
  for (const raw of conditions) {
    const c = conditionSchema.safeParse(raw);
    if (c.success && 'operator' in c.data && c.data.operator === 'matches') cost += patternCost(String(c.data.value));
  }
  return cost;
}

export async function checkRuleLimits(
  tx: TenantTx,
  p: { ruleId?: string; enabled: boolean; conditions: readonly unknown[] },
): Promise<void> {
  const others = await tx
    .select({ enabled: rules.enabled, conditions: rules.conditions })
    .from(rules)
    .where(p.ruleId ? ne(rules.id, p.ruleId) : undefined);
  if (!p.ruleId && others.length >= MAX_RULES)
    throw new AppError('validation', `A workspace may have at most ${MAX_RULES} rules; delete one first.`, {
      field: 'conditions',
    });
  if (!p.enabled) return;
  const own = conditionsCost(p.conditions);
  if (own === 0) return;
  const used = others.reduce((sum, r) => sum + (r.enabled ? conditionsCost(r.conditions as unknown[]) : 0), 0);
  if (used + own > MAX_PATTERN_BUDGET)
    throw new AppError(
      'validation',
      `The regular expressions of this workspace's rules would exceed their budget (${used + own} of ${MAX_PATTERN_BUDGET}); ` +
        'simplify a pattern, use "contains" instead, or disable a rule with regular expressions.',
      { field: 'conditions' },
    );
}
