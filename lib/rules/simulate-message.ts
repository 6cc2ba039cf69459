// "What would happen to this message?" without changing anything: the same reading (parse,
// classification and rule evaluation in the message worker pool, readMessageInPool), context and
// thread lookup a sync run uses (buildIngestContext, findThreadForMessage), then the outcome
// ingestMessage would write. tests/integration/rules-simulator-corpus.test.ts holds the two equal.
import { and, eq } from 'drizzle-orm';
import type { TenantTx } from '@/db/tenancy';
import { rawMessages } from '@/db/schema';
import { AppError } from '@/lib/errors';
import { findThreadForMessage, type ThreadVia } from '@/lib/mail/thread';
import type { Classification } from '@/lib/mail/types';
import { readMessageInPool } from '@/lib/mail/pool/read-message-in-pool';
import { buildIngestContext, readContextFor } from '@/lib/mailboxes/build-ingest-context';
import { getMailbox } from '@/lib/mailboxes/get-mailbox';
import { describeDecision } from './describe-decision';
import { type IgnoreDecision, type RuleFlag, type RuleTrace } from './evaluate-inbound';
import type { SenderListMatch } from './sender-pattern';
import { ruleCaseFields } from './rule-case-fields';
import { isUuid } from '@/lib/is-uuid';

export type SimulatedOutcome =
  | {
      outcome: 'created';
      case: {
        status: 'open' | 'pending' | 'closed';
        priority: 'low' | 'normal' | 'high' | 'urgent';
        tags: string[];
        assignee: { userId: string; email: string } | null;
        acknowledge: boolean;
      };
    }
  | { outcome: 'appended'; caseNumber: number; reopened: boolean; via: ThreadVia }
  | { outcome: 'ignored'; kind: string; reason: string }
  | { outcome: 'quarantined'; reason: string };

export type Simulation = {
  mailbox: { id: string; email: string };
  message: {
    from: string | null;
    subject: string;
    messageId: string | null;
    inReplyTo: string | null;
    size: number;
  } | null;
  /** What the classifier said, before the sender lists. */
  classification: Pick<Classification, 'verdict' | 'kind' | 'reason'> | null;
  senderList: SenderListMatch | null;
  /** After the allowed list (differs from `classification` only when the allowed list overrode it). */
  effectiveClassification: Pick<Classification, 'verdict' | 'kind' | 'reason'> | null;
  rulesRan: boolean;
  rules: RuleTrace[];
  ignore: IgnoreDecision | null;
  thread: { caseNumber: number; status: string; via: ThreadVia } | null;
  outcome: SimulatedOutcome;
  /** The notes a new case would get. */
  notes: string[];
  flags: RuleFlag[];
};

/**
 * The simulator runs on a request's path: past this the evaluation stops (422). With each regex at
 * most MAX_PROGRAM_SIZE over RULE_SCAN_LIMIT, the web process is never held for much longer.
 */
export const SIMULATE_RULES_BUDGET_MS = 400;

const pick = (c: Classification) => ({ verdict: c.verdict, kind: c.kind, reason: c.reason });

export async function simulateMessage(
  tx: TenantTx,
  p: { tenantId: string; mailboxId: string; raw: Buffer },
): Promise<Simulation> {
  const mailbox = await getMailbox(tx, p.mailboxId); // not_found for another tenant's id (RLS)
  const ctx = await buildIngestContext(tx, { ...mailbox, tenantId: p.tenantId });
  const base = {
    mailbox: { id: mailbox.id, email: mailbox.email },
    senderList: null,
    rulesRan: false,
    rules: [],
    ignore: null,
    thread: null,
    notes: [],
    flags: [],
  };

  const parsed = await readMessageInPool(p.raw, {
    ...readContextFor(ctx, mailbox.maxMessageBytes),
    rulesBudgetMs: SIMULATE_RULES_BUDGET_MS,
  });
  if (!parsed.ok) {
    return {
      ...base,
      message: null,
      classification: null,
      effectiveClassification: null,
      outcome: { outcome: 'quarantined', reason: parsed.reason },
    };
  }
  const message = parsed.message;
  const original = parsed.classification;
  // The rules ran in the worker with the simulator's deadline (SIMULATE_RULES_BUDGET_MS).
  if (parsed.rulesError) throw new AppError('validation', parsed.rulesError);
  const decision = parsed.decision!;
  const result = {
    ...base,
    message: {
      from: message.from?.address ?? null,
      subject: message.subject,
      messageId: message.messageId ?? null,
      inReplyTo: message.inReplyTo ?? null,
      size: message.size,
    },
    classification: pick(original),
    senderList: decision.senderList,
    effectiveClassification: pick(decision.classification),
    rulesRan: decision.rulesRan,
    rules: decision.rules,
    ignore: decision.ignore,
    flags: decision.flags,
  };
  if (decision.ignore)
    return { ...result, outcome: { outcome: 'ignored', kind: decision.ignore.kind, reason: decision.ignore.reason } };
  const c = decision.classification;
  if (c.verdict !== 'normal') return { ...result, outcome: { outcome: 'ignored', kind: c.kind, reason: c.reason } };

  const thread = await findThreadForMessage(tx, { tenantId: p.tenantId, message });
  if (thread) {
    return {
      ...result,
      thread: { caseNumber: thread.caseNumber, status: thread.status, via: thread.via },
      outcome: {
        outcome: 'appended',
        caseNumber: thread.caseNumber,
        reopened: thread.status === 'closed',
        via: thread.via,
      },
    };
  }
  if (!ctx.mailbox.createCases)
    return { ...result, outcome: { outcome: 'ignored', kind: 'normal', reason: 'case-creation-disabled' } };

  const fields = ruleCaseFields(decision, { imported: false });
  const assignee = decision.changes.assignee;
  return {
    ...result,
    notes: describeDecision(decision),
    outcome: {
      outcome: 'created',
      case: {
        status: fields.status ?? 'open',
        priority: fields.priority ?? 'normal',
        tags: fields.tags ?? [],
        assignee: assignee ? { userId: assignee.userId, email: assignee.email } : null,
        acknowledge: decision.acknowledge,
      },
    },
  };
}

/** Simulates a message already stored for this tenant ("pick a stored message"). */
export async function simulateStoredMessage(
  tx: TenantTx,
  p: { tenantId: string; mailboxId: string; rawMessageId: string },
): Promise<Simulation> {
  if (!isUuid(p.rawMessageId)) throw new AppError('not_found', 'There is no such stored message.');
  const [row] = await tx
    .select({ content: rawMessages.content })
    .from(rawMessages)
    .where(and(eq(rawMessages.tenantId, p.tenantId), eq(rawMessages.id, p.rawMessageId)));
  if (!row) throw new AppError('not_found', 'There is no such stored message.');
  return simulateMessage(tx, { tenantId: p.tenantId, mailboxId: p.mailboxId, raw: row.content });
}
