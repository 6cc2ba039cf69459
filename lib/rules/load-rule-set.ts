// Everything the rule engine needs for one mailbox, loaded once per sync run (the run builds its
// ingest context once) and shared by the simulator, so both see the same rules in the same order:
// tenant-wide rules first, then the mailbox's own, each by position (then creation time).
import { and, asc, eq, isNull, or } from 'drizzle-orm';
import type { TenantTx } from '@/db/tenancy';
import { memberships, rules, senderListEntries, users } from '@/db/schema';
import { compileRulePattern, type RulePattern } from './compile-rule-pattern';
import { conditionsCost } from './check-rule-limits';
import {
  actionSchema,
  conditionSchema,
  MAX_CONDITIONS,
  MAX_PATTERN_BUDGET,
  MAX_RULES,
  type RuleAction,
  type RuleCondition,
} from './rule-schema';
import type { SenderLists } from './sender-pattern';

export type LoadedRule = {
  id: string;
  name: string;
  scope: 'tenant' | 'mailbox';
  match: 'all' | 'any';
  conditions: RuleCondition[];
  actions: RuleAction[];
  /** Compiled regexes by condition index. */
  patterns: Map<number, RulePattern>;
  /** Set when the stored rule no longer validates: it is skipped, never run half-understood. */
  invalid?: string;
};

export type RuleSet = SenderLists & {
  tenantId: string;
  mailboxId: string;
  rules: LoadedRule[];
  /** Current members: user id → email (an assignee outside this map was removed from the tenant). */
  members: Map<string, string>;
};

export async function loadRuleSet(
  tx: TenantTx,
  { tenantId, mailboxId }: { tenantId: string; mailboxId: string },
): Promise<RuleSet> {
  const rows = await tx
    .select()
    .from(rules)
    .where(and(eq(rules.enabled, true), or(isNull(rules.mailboxId), eq(rules.mailboxId, mailboxId))))
    .orderBy(asc(rules.position), asc(rules.createdAt), asc(rules.id));
  const entries = await tx
    .select({ kind: senderListEntries.kind, pattern: senderListEntries.pattern })
    .from(senderListEntries);
  const members = await tx
    .select({ id: users.id, email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId));

  const loaded = withinBudget(rows.map(toLoadedRule));
  return {
    tenantId,
    mailboxId,
    rules: [...loaded.filter((r) => r.scope === 'tenant'), ...loaded.filter((r) => r.scope === 'mailbox')],
    blocked: new Set(entries.filter((e) => e.kind === 'blocked').map((e) => e.pattern)),
    allowed: new Set(entries.filter((e) => e.kind === 'allowed').map((e) => e.pattern)),
    members: new Map(members.map((m) => [m.id, m.email])),
  };
}

/**
 * Rules stored before the limits (check-rule-limits.ts) or past them: beyond MAX_RULES, or whose
 * regexes would take the running total past MAX_PATTERN_BUDGET, are skipped and flagged, in order.
 */
function withinBudget(loaded: LoadedRule[]): LoadedRule[] {
  let budget = MAX_PATTERN_BUDGET;
  return loaded.map((rule, i) => {
    if (rule.invalid) return rule;
    if (i >= MAX_RULES)
      return { ...rule, invalid: `Only the first ${MAX_RULES} rules run; delete rules to bring this one back.` };
    const cost = conditionsCost(rule.conditions);
    if (cost > budget)
      return {
        ...rule,
        invalid: 'The regular expressions of the rules before this one use up their budget; simplify them.',
      };
    budget -= cost;
    return rule;
  });
}

export function toLoadedRule(row: typeof rules.$inferSelect): LoadedRule {
  const base = {
    id: row.id,
    name: row.name,
    scope: row.mailboxId ? ('mailbox' as const) : ('tenant' as const),
    match: row.match,
    patterns: new Map<number, RulePattern>(),
  };
  const conditions = conditionSchema.array().safeParse(row.conditions);
  const actions = actionSchema.array().safeParse(row.actions);
  if (!conditions.success || !actions.success || conditions.data.length > MAX_CONDITIONS) {
    return {
      ...base,
      conditions: [],
      actions: [],
      invalid: 'The stored conditions or actions are not valid any more; edit and save the rule.',
    };
  }
  const rule: LoadedRule = { ...base, conditions: conditions.data, actions: actions.data };
  conditions.data.forEach((c, i) => {
    if ('operator' in c && c.operator === 'matches') rule.patterns.set(i, compileRulePattern(c.value));
  });
  return rule;
}
