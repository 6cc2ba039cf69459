// The rule engine's decision for one message, pure (no database): sender lists, then the ordered
// rules. Ingestion (apply-inbound-rules.ts) and the simulator (simulate-message.ts) both call this,
// so what the simulator shows is what ingestion does.
//
//   1. Blocked sender → ignored, kind 'blocked', reason 'blocked-sender' (replies included).
//   2. Allowed sender → an auto-generated verdict is overridden to normal, except our own mail
//      coming back (loop) and delivery-status reports (bounce), which stay machine mail. Such a
//      case gets no acknowledgement: the sender is a machine the tenant trusts, not a person —
//      unless a matching rule's 'acknowledge' action asks for one there, and the message is neither
//      a vacation reply nor a mailing list's (List-* headers, a list manager's address).
//   3. Still auto-generated → the rules do not run (ingestion ignores it with the classifier's reason).
//   4. Rules in order (tenant-wide, then the mailbox's): each whose conditions match applies its
//      actions in order. ignore / mark-spam end processing (the message is ignored with reason
//      `rule:<name>`, kind 'rule' or 'spam'); stop ends it after the rule's other actions. Later
//      rules win for assignee, status and priority; tags add up. Case fields apply to new cases.
//   5. No acknowledgement when the requester is not a person's address: a mail system, no-reply
//      or list-manager address, or none at all (lib/acknowledgements/refused-recipient.ts).
import { refusedRecipientReason } from '@/lib/acknowledgements/refused-recipient';
import { AppError } from '@/lib/errors';
import { LIST_HEADERS } from '@/lib/mail/classify';
import { mailSystemSender } from '@/lib/mail/machine-sender';
import type { Classification, ParsedMessage } from '@/lib/mail/types';
import type { LoadedRule, RuleSet } from './load-rule-set';
import { matchCondition } from './match-condition';
import type { RuleAction } from './rule-schema';
import { matchSenderList, type SenderListMatch } from './sender-pattern';
import type { CaseStatus } from '@/lib/cases/case-status';

export type RuleTrace = {
  id: string;
  name: string;
  scope: 'tenant' | 'mailbox';
  /** null: not evaluated (see `skipped`). */
  matched: boolean | null;
  skipped?: 'stopped' | 'invalid';
  /** Per condition, in order (only when evaluated). */
  conditions: boolean[];
  actions: RuleAction[];
  problems: string[];
};

export type IgnoreDecision = {
  kind: 'blocked' | 'rule' | 'spam';
  reason: string;
  ruleName?: string;
  /** mark-spam with blocking: the pattern added to the blocked list. */
  block?: string;
};

export type RuleFlag = { ruleId: string; ruleName: string; problem: string };

export type InboundDecision = {
  /** What the classifier said. */
  original: Classification;
  /** After the allowed list: what ingestion acts on. */
  classification: Classification;
  senderList: SenderListMatch | null;
  /** Rules ran (the message was normal mail after the sender lists). */
  rulesRan: boolean;
  ignore: IgnoreDecision | null;
  rules: RuleTrace[];
  changes: {
    assignee?: { userId: string; email: string; rule: string };
    status?: { value: CaseStatus; rule: string };
    priority?: { value: 'low' | 'normal' | 'high' | 'urgent'; rule: string };
    tags: { tag: string; rule: string }[];
    /** Rule names that said "do not acknowledge". */
    noAcknowledgement: string[];
    /** Rule names that asked for an acknowledgement although the allowed list overrode a machine verdict. */
    acknowledge: string[];
  };
  /** False when a rule or the allowed list says so; imported cases never get one anyway. */
  acknowledge: boolean;
  flags: RuleFlag[];
};

const KEEP_DESPITE_ALLOWED = new Set(['loop', 'bounce']);

/**
 * `deadline` (epoch ms), for evaluation on a request's path (the simulator): past it, before the
 * next condition, evaluation stops with AppError('validation'), so one tenant's rules cannot hold
 * the web process for long. Each condition is bounded by the pattern and scan limits.
 */
export function evaluateInbound(
  set: RuleSet,
  message: ParsedMessage,
  original: Classification,
  opts: { deadline?: number } = {},
): InboundDecision {
  const senderList = matchSenderList(set, message.from?.address);
  const decision: InboundDecision = {
    original,
    classification: original,
    senderList,
    rulesRan: false,
    ignore: null,
    rules: set.rules.map((r) => ({
      id: r.id,
      name: r.name,
      scope: r.scope,
      matched: null,
      conditions: [],
      actions: r.actions,
      problems: r.invalid ? [r.invalid] : [],
    })),
    changes: { tags: [], noAcknowledgement: [], acknowledge: [] },
    acknowledge: true,
    flags: [],
  };
  if (senderList?.kind === 'blocked') {
    decision.ignore = { kind: 'blocked', reason: 'blocked-sender' };
    return decision;
  }
  if (senderList?.kind === 'allowed' && original.verdict !== 'normal' && !KEEP_DESPITE_ALLOWED.has(original.kind)) {
    decision.classification = { verdict: 'normal', kind: 'normal', reason: `allowed-sender:${senderList.pattern}` };
    decision.acknowledge = false;
  }
  if (decision.classification.verdict !== 'normal') return decision;

  decision.rulesRan = true;
  let stopped = false;
  set.rules.forEach((rule, i) => {
    const trace = decision.rules[i];
    if (stopped) return void (trace.skipped = 'stopped');
    if (rule.invalid) {
      trace.skipped = 'invalid';
      decision.flags.push({ ruleId: rule.id, ruleName: rule.name, problem: rule.invalid });
      return;
    }
    trace.conditions = rule.conditions.map((c, ci) => {
      if (opts.deadline !== undefined && Date.now() > opts.deadline) throw overBudget();
      return matchCondition(c, { message, classification: original }, rule.patterns.get(ci));
    });
    trace.matched = rule.match === 'all' ? trace.conditions.every(Boolean) : trace.conditions.some(Boolean);
    if (trace.matched) stopped = applyActions(set, rule, trace, decision, message);
  });
  if (decision.changes.noAcknowledgement.length) decision.acknowledge = false;
  else if (decision.changes.acknowledge.length && decision.classification !== original)
    decision.acknowledge = acknowledgeableDespiteAllowed(original, message);
  // Only people get one: never a mail system, a no-reply or list-manager address, or no usable address.
  const requester = message.replyTo[0]?.address ?? message.from?.address;
  if (refusedRecipientReason(requester) || mailSystemSender(message)) decision.acknowledge = false;
  return decision;
}

/** Applies one matching rule's actions to the decision; true when processing ends here. */
function applyActions(
  set: RuleSet,
  rule: LoadedRule,
  trace: RuleTrace,
  d: InboundDecision,
  message: ParsedMessage,
): boolean {
  let stop = false;
  for (const action of rule.actions) {
    switch (action.type) {
      case 'ignore':
        d.ignore = { kind: 'rule', reason: `rule:${rule.name}`, ruleName: rule.name };
        return true;
      case 'mark-spam': {
        const block = action.block === 'none' ? undefined : blockPattern(message.from?.address, action.block);
        d.ignore = { kind: 'spam', reason: `rule:${rule.name}`, ruleName: rule.name, ...(block ? { block } : {}) };
        return true;
      }
      case 'assign': {
        const email = set.members.get(action.userId);
        if (email) d.changes.assignee = { userId: action.userId, email, rule: rule.name };
        else {
          const problem = 'assigns to someone who is no longer a member of this workspace; the assignment was skipped';
          trace.problems.push(problem);
          d.flags.push({ ruleId: rule.id, ruleName: rule.name, problem });
        }
        break;
      }
      case 'set-status':
        d.changes.status = { value: action.status, rule: rule.name };
        break;
      case 'set-priority':
        d.changes.priority = { value: action.priority, rule: rule.name };
        break;
      case 'add-tags':
        for (const tag of action.tags)
          if (!d.changes.tags.some((t) => t.tag === tag)) d.changes.tags.push({ tag, rule: rule.name });
        break;
      case 'no-acknowledgement':
        d.changes.noAcknowledgement.push(rule.name);
        break;
      case 'acknowledge':
        d.changes.acknowledge.push(rule.name);
        break;
      case 'stop':
        stop = true;
        break;
    }
  }
  return stop;
}

/**
 * Whether the tenant's explicit 'acknowledge' may apply to this machine verdict the allowed list overrode:
 * not to a vacation reply (an acknowledgement answering an out-of-office is a loop in the making) nor to a
 * mailing list's mail (its Reply-To is the whole list).
 */
function acknowledgeableDespiteAllowed(original: Classification, message: ParsedMessage): boolean {
  if (original.kind === 'vacation' || original.kind === 'bounce' || original.kind === 'loop') return false;
  if (original.kind === 'list' && original.reason !== 'header:precedence=bulk') return false;
  return !LIST_HEADERS.some((name) => message.headers.has(name));
}

function blockPattern(address: string | undefined, what: 'address' | 'domain'): string | undefined {
  const sender = address?.trim().toLowerCase();
  if (!sender || !sender.includes('@')) return undefined;
  return what === 'address' ? sender : sender.slice(sender.lastIndexOf('@') + 1);
}

function overBudget(): AppError {
  return new AppError(
    'validation',
    'The rules took longer than their time budget on this message; simplify the regular expressions.',
    { field: 'rules' },
  );
}
