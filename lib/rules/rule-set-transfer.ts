// A rule set crosses into the message worker pool as plain data (compiled RE2 programs and Sets do
// not survive structured cloning); the worker compiles it again once per distinct set and keeps it.
import { createHash } from 'node:crypto';
import type { LoadedRule, RuleSet } from './load-rule-set';
import { compileRulePattern, type RulePattern } from './compile-rule-pattern';

export type PlainRuleSet = {
  /** Identifies this exact content, so a worker compiles each set once. */
  key: string;
  tenantId: string;
  mailboxId: string;
  rules: Omit<LoadedRule, 'patterns'>[];
  blocked: string[];
  allowed: string[];
  members: [string, string][];
};

export function toPlainRuleSet(set: RuleSet): PlainRuleSet {
  const body = {
    tenantId: set.tenantId,
    mailboxId: set.mailboxId,
    rules: set.rules.map(({ patterns: _patterns, ...rule }) => rule),
    blocked: [...set.blocked].sort(),
    allowed: [...set.allowed].sort(),
    members: [...set.members.entries()].sort(([a], [b]) => a.localeCompare(b)),
  };
  return { key: createHash('sha256').update(JSON.stringify(body)).digest('hex'), ...body };
}

const compiled = new Map<string, RuleSet>();

/** The rule set with its patterns compiled; cached by content key (a worker serves every tenant). */
export function fromPlainRuleSet(plain: PlainRuleSet): RuleSet {
  const hit = compiled.get(plain.key);
  if (hit) {
    compiled.delete(plain.key); // most recently used last
    compiled.set(plain.key, hit);
    return hit;
  }
  const set: RuleSet = {
    tenantId: plain.tenantId,
    mailboxId: plain.mailboxId,
    rules: plain.rules.map((rule) => {
      const patterns = new Map<number, RulePattern>();
      if (!rule.invalid) {
        rule.conditions.forEach((c, i) => {
          if ('operator' in c && c.operator === 'matches') patterns.set(i, compileRulePattern(c.value));
        });
      }
      return { ...rule, patterns };
    }),
    blocked: new Set(plain.blocked),
    allowed: new Set(plain.allowed),
    members: new Map(plain.members),
  };
  compiled.set(plain.key, set);
  if (compiled.size > 200) compiled.delete(compiled.keys().next().value!);
  return set;
}
