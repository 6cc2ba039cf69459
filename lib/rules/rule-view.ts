// A rule as the API, CLI and pages show it, with the problems that make it (partly) inert.
import type { rules } from '@/db/schema';
import { toLoadedRule } from './load-rule-set';
import type { RuleAction, RuleCondition } from './rule-schema';

export type RuleView = {
  id: string;
  name: string;
  enabled: boolean;
  /** null: every mailbox of the tenant. */
  mailboxId: string | null;
  position: number;
  match: 'all' | 'any';
  conditions: RuleCondition[];
  actions: RuleAction[];
  /** e.g. an assignee who was removed from the tenant; shown as a warning next to the rule. */
  problems: string[];
  createdAt: string;
  updatedAt: string;
};

export function toRuleView(row: typeof rules.$inferSelect, memberIds: Set<string>): RuleView {
  const loaded = toLoadedRule(row);
  const problems = loaded.invalid ? [loaded.invalid] : [];
  for (const a of loaded.actions) {
    if (a.type === 'assign' && !memberIds.has(a.userId))
      problems.push(
        'Assigns to someone who is no longer a member: the assignment is skipped until you choose someone else.',
      );
  }
  return {
    id: row.id,
    name: row.name,
    enabled: row.enabled,
    mailboxId: row.mailboxId,
    position: row.position,
    match: row.match,
    conditions: loaded.invalid ? (row.conditions as RuleCondition[]) : loaded.conditions,
    actions: loaded.invalid ? (row.actions as RuleAction[]) : loaded.actions,
    problems,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
