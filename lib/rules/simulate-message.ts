// "What would happen to this message?" without changing anything: the same reading (parse,
// classification and rule evaluation in the message worker pool, readMessageInPool), context and
// thread lookup a sync run uses (buildIngestContext, findThreadForMessage), then the outcome
// ingestMessage would write. tests/integration/rules-simulator-corpus.test.ts holds the two equal.
//
// simulateWithChecks (the API route, the rules page, the CLI) also makes the checks a sync makes before
// its transaction (sender verification asks DNS, rspamd is an HTTP call: lib/mail/verify/check-inbound.ts)
// and shows their verdict and what it changes: spam held, an unverified sender held or not acknowledged.
// The mailbox's sender filter is decided by the function ingestion calls (lib/contacts/sender-filter-decision.ts):
// a stranger's new mail to a contacts-only mailbox is held, with or without a confirmation request, and a
// reply to such a request confirms its held message. A request the outbox consumer would skip (one went to
// that sender for this mailbox within the window: lib/contacts/confirmation-window.ts) is shown as not sent.
// The flood circuit breaker is ingestion's decision too (circuitBreakerStops): a new message from a sender
// with more than FLOOD_THRESHOLD messages stored in the window is shown ignored, as a sync stores it.
// So it runs in three steps: read the mailbox and message (tenant transaction), read and check the
// message (no transaction), decide (tenant transaction). simulateMessage(tx, …) decides without checks.
import { and, eq } from 'drizzle-orm';
import { withTenant, type TenantTx } from '@/db/tenancy';
import { rawMessages } from '@/db/schema';
import { FLOOD_THRESHOLD, FLOOD_WINDOW_MINUTES } from '@/lib/acknowledgements/ack-limits';
import {
  CIRCUIT_BREAKER_OUTCOME,
  circuitBreakerStops,
  countRecentInbound,
} from '@/lib/acknowledgements/is-sender-flooding';
import { ATTACHMENTS_OVER_LIMIT, checkAttachments } from '@/lib/cases/attachment-policy';
import type { MessageReading } from '@/lib/mail/read-message';
import {
  heldMessageConfirmedBy,
  unknownSenderHold,
  type ConfirmationPlan,
} from '@/lib/contacts/sender-filter-decision';
import { CONFIRMATION_RATE_LIMITED, recentConfirmationRequest } from '@/lib/contacts/confirmation-window';
import { DEFAULT_CONTACT_POLICY, SenderGate } from '@/lib/contacts/sender-gate';
import { inboundChecker, isUnverified, NO_CHECKS, type InboundChecks } from '@/lib/mail/verify/check-inbound';
import type { DnsResolver } from '@/lib/mail/verify/dns-resolver';
import type { SenderAuth } from '@/lib/mail/verify/sender-auth';
import type { SpamVerdict } from '@/lib/mail/verify/spam-verdict';
import type { MailboxRow } from '@/lib/mailboxes/lease';
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
import type { CaseStatus } from '@/lib/cases/case-status';

export type SimulatedOutcome =
  | {
      outcome: 'created';
      case: {
        status: CaseStatus;
        priority: 'low' | 'normal' | 'high' | 'urgent';
        tags: string[];
        assignee: { userId: string; email: string } | null;
        acknowledge: boolean;
      };
    }
  | { outcome: 'appended'; caseNumber: number; reopened: boolean; via: ThreadVia }
  | {
      outcome: 'ignored';
      kind: string;
      reason: string;
      /**
       * Held by the sender filter ('unknown-sender'): whether the sender is asked to confirm (`requested`,
       * or the `refusal` why not: 'rate-limited' with `recentRequest` when one went to them within the
       * window); null when the mailbox does not ask. Absent for other reasons.
       */
      confirmation?: SimulatedConfirmation;
      /** A reply confirming a held message ('sender-confirmation'): that held message, which then opens its case. */
      confirmsHeldMessageId?: string;
      /** Stopped by the flood circuit breaker ('circuit-breaker'): more than `threshold` messages in the window. */
      circuitBreaker?: { threshold: number; windowMinutes: number };
    }
  | { outcome: 'quarantined'; reason: string };

/**
 * Ingestion's confirmation plan, and what the outbox consumer then does with a request: skipped when one
 * was sent to the sender for this mailbox within the window (`recentRequest`: when, and the window).
 */
export type SimulatedConfirmation =
  | ConfirmationPlan
  | {
      requested: false;
      refusal: typeof CONFIRMATION_RATE_LIMITED;
      recentRequest: { sentAt: Date; windowHours: number };
    };

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
  /**
   * The mailbox's sender filter: who may open a case ('anyone', or existing 'contacts' only), whether this
   * sender is a contact (null when the filter is 'anyone': not looked up), and whether strangers are asked
   * to confirm. Null when the message could not be read.
   */
  senderFilter: {
    accepts: 'anyone' | 'contacts';
    senderIsContact: boolean | null;
    confirmUnknownSenders: boolean;
  } | null;
  outcome: SimulatedOutcome;
  /** The notes a new case would get. */
  notes: string[];
  flags: RuleFlag[];
  /**
   * Sender verification and the spam verdict, as a sync would find them (simulateWithChecks); null when
   * not checked. `senderAuth` is null when the mailbox's verification is off.
   */
  verification: {
    senderAuth: SenderAuth | null;
    /** The mailbox enforces it: an unverified sender cannot join by token, reopen or be acknowledged. */
    enforced: boolean;
    /** The spam verdict when it says spam. */
    spam: SpamVerdict | null;
  } | null;
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
  const prepared = await prepareSimulation(tx, p);
  return decideSimulation(tx, prepared, await readForSimulation(prepared), null);
}

/**
 * The simulation with the checks a sync makes (sender verification, spam): the raw bytes, or a stored
 * message by id. Opens its own tenant transactions; the checks run outside them.
 */
export async function simulateWithChecks(p: {
  tenantId: string;
  mailboxId: string;
  source: { raw: Buffer } | { rawMessageId: string };
  /** Tests hand in a resolver for their DNS zone; otherwise the system's (SENDER_VERIFICATION_DNS). */
  resolver?: DnsResolver;
}): Promise<Simulation> {
  const prepared = await withTenant(p.tenantId, async (tx) => {
    const raw = 'raw' in p.source ? p.source.raw : await storedRaw(tx, { ...p, rawMessageId: p.source.rawMessageId });
    return prepareSimulation(tx, { tenantId: p.tenantId, mailboxId: p.mailboxId, raw });
  });
  const reading = await readForSimulation(prepared);
  const checks = await inboundChecker(prepared.mailbox, p.resolver)(prepared.raw, reading);
  return withTenant(p.tenantId, (tx) => decideSimulation(tx, prepared, reading, checks));
}

type Prepared = {
  tenantId: string;
  raw: Buffer;
  mailbox: MailboxRow;
  ctx: Awaited<ReturnType<typeof buildIngestContext>>;
};

async function prepareSimulation(
  tx: TenantTx,
  p: { tenantId: string; mailboxId: string; raw: Buffer },
): Promise<Prepared> {
  const mailbox = await getMailbox(tx, p.mailboxId); // not_found for another tenant's id (RLS)
  const ctx = await buildIngestContext(tx, { ...mailbox, tenantId: p.tenantId });
  return { tenantId: p.tenantId, raw: p.raw, mailbox, ctx };
}

function readForSimulation({ raw, ctx, mailbox }: Prepared): Promise<MessageReading> {
  return readMessageInPool(raw, {
    ...readContextFor(ctx, mailbox.maxMessageBytes),
    rulesBudgetMs: SIMULATE_RULES_BUDGET_MS,
  });
}

async function decideSimulation(
  tx: TenantTx,
  { tenantId, mailbox, ctx }: Prepared,
  parsed: MessageReading,
  checks: InboundChecks | null,
): Promise<Simulation> {
  const base = {
    mailbox: { id: mailbox.id, email: mailbox.email },
    senderList: null,
    rulesRan: false,
    rules: [],
    ignore: null,
    thread: null,
    senderFilter: null,
    notes: [],
    flags: [],
    verification: checks ? { senderAuth: checks.senderAuth, enforced: checks.enforce, spam: checks.spam } : null,
  };
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
  const policy = ctx.contactPolicy ?? DEFAULT_CONTACT_POLICY;
  const gate = await SenderGate.load(tx, { policy, messages: [message] });
  const sender = message.from?.address;
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
    senderFilter: {
      accepts: policy.senderFilter,
      senderIsContact: policy.senderFilter === 'contacts' ? gate.isContact(sender) : null,
      confirmUnknownSenders: policy.confirmUnknownSenders,
    },
  };
  if (decision.ignore)
    return { ...result, outcome: { outcome: 'ignored', kind: decision.ignore.kind, reason: decision.ignore.reason } };
  // As ingestion: a spam verdict holds the message unless the sender is on the allowed list.
  if (checks?.spam?.spam && decision.senderList?.kind !== 'allowed')
    return { ...result, outcome: { outcome: 'ignored', kind: 'spam', reason: `spam:${checks.spam.source}` } };
  const c = decision.classification;
  if (c.verdict !== 'normal') return { ...result, outcome: { outcome: 'ignored', kind: c.kind, reason: c.reason } };
  // As ingestion: a reply to our confirmation request is kept as the confirmation; its held message opens.
  const confirmed = heldMessageConfirmedBy(gate, { message, imported: false, checks: checks ?? NO_CHECKS });
  if (confirmed)
    return {
      ...result,
      outcome: {
        outcome: 'ignored',
        kind: 'sender-confirmation',
        reason: 'sender-confirmed',
        confirmsHeldMessageId: confirmed.id,
      },
    };
  const unverified = checks !== null && isUnverified(checks);
  const overLimit =
    ctx.attachmentPolicy?.overLimit === 'hold' && checkAttachments(message.attachments, ctx.attachmentPolicy).over;
  const heldForAttachments: SimulatedOutcome = {
    outcome: 'ignored',
    kind: ATTACHMENTS_OVER_LIMIT,
    reason: ATTACHMENTS_OVER_LIMIT,
  };

  const thread = await findThreadForMessage(tx, { tenantId, message });
  if (thread) {
    const threadView = { caseNumber: thread.caseNumber, status: thread.status, via: thread.via };
    if (unverified && (thread.via === 'subject-token' || thread.status === 'closed'))
      return {
        ...result,
        thread: threadView,
        outcome: { outcome: 'ignored', kind: 'unverified-sender', reason: 'unverified-sender' },
      };
    if (overLimit) return { ...result, thread: threadView, outcome: heldForAttachments };
    return {
      ...result,
      thread: threadView,
      outcome: {
        outcome: 'appended',
        caseNumber: thread.caseNumber,
        reopened: thread.status === 'closed',
        via: thread.via,
      },
    };
  }
  // As ingestion: a sender flooding the mailbox opens no case (counted from what is stored now).
  const storedInWindow = (address: string) => countRecentInbound(tx, { mailboxId: mailbox.id, sender: address });
  if (await circuitBreakerStops({ sender, imported: false, storedInWindow }))
    return {
      ...result,
      outcome: {
        ...CIRCUIT_BREAKER_OUTCOME,
        circuitBreaker: { threshold: FLOOD_THRESHOLD, windowMinutes: FLOOD_WINDOW_MINUTES },
      },
    };
  if (!ctx.mailbox.createCases)
    return { ...result, outcome: { outcome: 'ignored', kind: 'normal', reason: 'case-creation-disabled' } };
  // As ingestion: a contacts-only mailbox holds a stranger's new message (the allowed list lets them through).
  const hold = unknownSenderHold({
    policy,
    gate,
    imported: false,
    allowedSender: decision.senderList?.kind === 'allowed',
    sender,
    checks: checks ?? NO_CHECKS,
    ownAddresses: ctx.ownAddresses,
  });
  if (hold)
    return {
      ...result,
      outcome: {
        outcome: 'ignored',
        kind: 'unknown-sender',
        reason: 'unknown-sender',
        confirmation: await confirmationAsSent(tx, mailbox, sender, hold.confirmation),
      },
    };
  if (overLimit) return { ...result, outcome: heldForAttachments };

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
        // An unverified sender (enforced) gets a case but no acknowledgement.
        acknowledge: decision.acknowledge && !unverified,
      },
    },
  };
}

/** A request the outbox consumer would skip: one went to this sender for this mailbox within the window. */
async function confirmationAsSent(
  tx: TenantTx,
  mailbox: MailboxRow,
  sender: string | undefined,
  plan: ConfirmationPlan,
): Promise<SimulatedConfirmation> {
  if (!plan?.requested || !sender) return plan;
  const recent = await recentConfirmationRequest(tx, { mailbox, sender, now: new Date() });
  if (!recent) return plan;
  return {
    requested: false,
    refusal: CONFIRMATION_RATE_LIMITED,
    recentRequest: { sentAt: recent.sentAt, windowHours: recent.windowHours },
  };
}

/** Simulates a message already stored for this tenant ("pick a stored message"), without the checks. */
export async function simulateStoredMessage(
  tx: TenantTx,
  p: { tenantId: string; mailboxId: string; rawMessageId: string },
): Promise<Simulation> {
  return simulateMessage(tx, { tenantId: p.tenantId, mailboxId: p.mailboxId, raw: await storedRaw(tx, p) });
}

async function storedRaw(tx: TenantTx, p: { tenantId: string; rawMessageId: string }): Promise<Buffer> {
  if (!isUuid(p.rawMessageId)) throw new AppError('not_found', 'There is no such stored message.');
  const [row] = await tx
    .select({ content: rawMessages.content })
    .from(rawMessages)
    .where(eq(rawMessages.id, p.rawMessageId));
  if (!row) throw new AppError('not_found', 'There is no such stored message.');
  return row.content;
}
