// Where an email becomes a case. Called by the sync run inside the tenant transaction that also
// stored the raw bytes, so the raw message, its outcome and its outbox events commit together.
// A whole batch goes through ingestBatch: it is threaded in memory against one lookup of all its
// Message-IDs, its rows are collected in a write batch (lib/cases/case-write-batch.ts) and written
// with one multi-row insert per table before the transaction commits.
//
// The message was read before (lib/mail/read-message.ts, in the worker pool under the message
// budget): parsed, classified, the rules evaluated, its display content derived. Nothing here reads
// its content again; this file only decides and writes.
//
//   unreadable / over budget      → quarantined (ignored_messages, outcome 'quarantined', e.g.
//                                   'processing-timeout'); the raw bytes stay, an agent can release it
//   inbound rules (lib/rules)     → blocked sender / ignore / spam rule: ignored with its reason;
//                                   allowed sender: auto-generated verdict overridden to normal;
//                                   otherwise assignee, status, priority, tags, acknowledge for a new case
//   spam verdict (check-inbound)  → held as spam ('spam:<header>' or 'spam:rspamd'), no case, no
//                                   acknowledgement, no case.created; an allowed sender is exempt
//   auto-generated (classify)     → ignored with its reason; if it refers to one of our cases,
//                                   a system event there ("delivery failed to …"), never a reopen
//   reply (thread)                → appended to its case; a Closed case reopens (not during import)
//     unverified sender (enforced) → held 'unverified-sender' instead when it would join by the
//                                   subject token or reopen a Closed case (header threading to an
//                                   open case still joins, with its badge)
//   confirmation reply            → a reply to our confirmation request for a held message, from its
//                                   sender: that held message opens its case once the batch is
//                                   written (lib/contacts/confirm-held-message.ts); the reply itself
//                                   is kept as ignored 'sender-confirmation'
//   attachments over the mailbox's limit (attachment-policy.ts; not during the import)
//                                 → hold: held 'attachments-over-limit', releasable whole;
//                                   strip: stored without them, with a note (the raw message keeps them)
//   new                           → a new case (Closed + imported during the import), or ignored
//                                   'case-creation-disabled' when the mailbox does not create cases;
//                                   no acknowledgement for an unverified sender (enforced)
//     unknown sender              → held 'unknown-sender' when the mailbox accepts existing contacts
//                                   only (an allowed sender passes); with confirmations on, an
//                                   eligible sender is asked to confirm (outbox event); decided by
//                                   lib/contacts/sender-filter-decision.ts, which the simulator shows
//   the requester of a new case   → linked to their contact, or made one ("create new contact")
//
// `checks` (lib/mail/verify/check-inbound.ts) were made by the sync before this transaction: sender
// verification asks DNS, which never happens inside a tenant transaction.
import type { ignoredMessages } from '@/db/schema';
import type { TenantTx } from '@/db/tenancy';
import {
  CIRCUIT_BREAKER_OUTCOME,
  circuitBreakerStops,
  countRecentInbound,
} from '@/lib/acknowledgements/is-sender-flooding';
import { noteCircuitBreakerTrip } from '@/lib/acknowledgements/note-circuit-breaker-trip';
import { describeBounce } from '@/lib/mail/describe-bounce';
import type { MessageReading } from '@/lib/mail/read-message';
import { isUnverified, NO_CHECKS, type InboundChecks } from '@/lib/mail/verify/check-inbound';
import type { SenderAuth } from '@/lib/mail/verify/sender-auth';
import { findThreadForMessage, ThreadIndex } from '@/lib/mail/thread';
import type { Classification, ParsedMessage } from '@/lib/mail/types';
import { applyInboundRules } from '@/lib/rules/apply-inbound-rules';
import { describeDecision } from '@/lib/rules/describe-decision';
import type { RuleSet } from '@/lib/rules/load-rule-set';
import { ruleCaseFields, withCaseDefaults } from '@/lib/rules/rule-case-fields';
import { confirmHeldMessage } from '@/lib/contacts/confirm-held-message';
import {
  heldMessageConfirmedBy,
  unknownSenderHold,
  type UnknownSenderHold,
} from '@/lib/contacts/sender-filter-decision';
import { DEFAULT_CONTACT_POLICY, SenderGate, type ContactPolicy } from '@/lib/contacts/sender-gate';
import { appendMessageToCase } from './append-message-to-case';
import {
  ATTACHMENTS_OVER_LIMIT,
  checkAttachments,
  strippedAttachmentsNote,
  type AttachmentPolicy,
} from './attachment-policy';
import { CaseWriteBatch } from './case-write-batch';
import { openCaseFromMessage } from './open-case-from-message';
import { addSystemNote } from './store-case-message';

export type IngestContext = {
  tenantId: string;
  mailbox: { id: string; email: string; createCases: boolean };
  /** Addresses of all this tenant's mailboxes: mail from them is our own (loop). */
  ownAddresses: string[];
  /** Inside the import boundary: Closed, imported, no acknowledgement. */
  imported: boolean;
  /** Imported, but received after the import's "open after" date: its new case stays Open (no acknowledgement). */
  importedOpen?: boolean;
  /** The tenant's rules and sender lists for this mailbox, loaded once per sync run (the reading used them too). */
  rules: RuleSet;
  /** The mailbox's attachments policy (null or absent: no limits). */
  attachmentPolicy?: AttachmentPolicy | null;
  /** The circuit breaker's counts for this batch's senders (sender → messages in the window), preloaded by the sync. */
  recentBySender?: Map<string, number>;
  /** The mailbox's contact options (create contacts, sender filter, confirmations); default: create, accept anyone. */
  contactPolicy?: ContactPolicy;
  /** A further folder's defaults for the cases it opens: a rule's assignee wins, tags are added. */
  caseDefaults?: { assigneeId: string | null; tags: string[] };
};

export type IngestOutcome =
  | { outcome: 'created'; caseId: string; caseNumber: number }
  | { outcome: 'appended'; caseId: string; caseNumber: number; reopened: boolean }
  | { outcome: 'ignored'; kind: string; reason: string; caseNumber?: number }
  | { outcome: 'quarantined'; reason: string };

export type IngestItem = {
  rawMessageId: string;
  reading: MessageReading;
  imported: boolean;
  importedOpen?: boolean;
  /** Sender verification, made before the transaction. */
  checks?: InboundChecks;
};

type Step = {
  tx: TenantTx;
  batch: CaseWriteBatch;
  ctx: IngestContext;
  rawMessageId: string;
  checks: InboundChecks;
  senderAuth: SenderAuth | null;
  gate: SenderGate;
  policy: ContactPolicy;
  /** Held messages confirmed by a reply in this batch, opened once the batch is written. */
  confirmed: { heldId: string; replyId: string }[];
};

/** One message, in a batch of its own (tests, and callers with a single message). */
export async function ingestMessage(
  tx: TenantTx,
  ctx: IngestContext,
  rawMessageId: string,
  reading: MessageReading,
  checks: InboundChecks = NO_CHECKS,
): Promise<IngestOutcome> {
  const [outcome] = await ingestBatch(tx, ctx, [{ rawMessageId, reading, imported: ctx.imported, checks }]);
  return outcome;
}

/** The messages of one batch, in stored order; everything is written before this returns. */
export async function ingestBatch(
  tx: TenantTx,
  ctx: Omit<IngestContext, 'imported'>,
  items: IngestItem[],
): Promise<IngestOutcome[]> {
  // One query for every Message-ID the batch refers to (bounces' references to our mail included).
  const threads = await ThreadIndex.load(
    tx,
    ctx.tenantId,
    items.flatMap(({ reading }) => (reading.ok ? [withReferencedIds(reading.message, reading.classification)] : [])),
  );
  const policy = ctx.contactPolicy ?? DEFAULT_CONTACT_POLICY;
  const gate = await SenderGate.load(tx, {
    policy,
    messages: items.flatMap(({ reading }) => (reading.ok ? [reading.message] : [])),
  });
  const batch = new CaseWriteBatch(ctx.tenantId, threads);
  await batch.lockCaseCounter(tx);
  const outcomes: IngestOutcome[] = [];
  const confirmed: Step['confirmed'] = [];
  for (const item of items) {
    const checks = item.checks ?? NO_CHECKS;
    const step = {
      tx,
      batch,
      ctx: { ...ctx, imported: item.imported, importedOpen: item.imported && Boolean(item.importedOpen) },
      rawMessageId: item.rawMessageId,
      checks,
      senderAuth: checks.senderAuth,
      gate,
      policy,
      confirmed,
    };
    outcomes.push(await ingestOne(step, item.reading));
  }
  await batch.flush(tx);
  // After the batch is written: a confirmed message's case takes the next number from the stored counter.
  for (const c of confirmed) {
    await confirmHeldMessage(tx, {
      tenantId: ctx.tenantId,
      ignoredMessageId: c.heldId,
      via: 'reply',
      replyId: c.replyId,
    });
  }
  return outcomes;
}

async function ingestOne(step: Step, reading: MessageReading): Promise<IngestOutcome> {
  const { tx, batch, ctx, rawMessageId, checks, senderAuth } = step;
  if (!reading.ok) {
    // The header fields parse read, if any: a quarantined row still names its sender and subject.
    recordIgnored(step, reading.headers, { outcome: 'quarantined', kind: 'quarantined', reason: reading.reason });
    return { outcome: 'quarantined', reason: reading.reason };
  }
  const { message, content } = reading;
  if (!reading.decision) throw new Error('ingestMessage needs a reading made with the rule set');
  const decision = await applyInboundRules(tx, ctx, message, reading.decision);
  if (decision.ignore) {
    const { kind, reason } = decision.ignore;
    recordIgnored(step, message, { outcome: 'ignored', kind, reason });
    return { outcome: 'ignored', kind, reason };
  }
  const classification = decision.classification;
  if (checks.spam?.spam && decision.senderList?.kind !== 'allowed') {
    const held = { outcome: 'ignored', kind: 'spam', reason: `spam:${checks.spam.source}` } as const;
    recordIgnored(step, message, held);
    return held;
  }

  if (classification.verdict !== 'normal') return ingestAutoGenerated(step, message, classification);

  // A reply to our confirmation request: its held message opens a case once the batch is written.
  const held = heldMessageConfirmedBy(step.gate, { message, imported: ctx.imported, checks });
  if (held) {
    const what = { outcome: 'ignored', kind: 'sender-confirmation', reason: 'sender-confirmed' } as const;
    // Marked released at once: the reply is the confirmation, not something for the review queue.
    const replyId = recordIgnored(step, message, { ...what, extra: { releasedAt: new Date() } });
    step.confirmed.push({ heldId: held.id, replyId });
    return what;
  }

  const thread = await findThreadForMessage(tx, {
    tenantId: ctx.tenantId,
    message,
    index: batch.threads,
    beforeCaseLookup: () => batch.flush(tx),
  });
  if (thread) {
    // A sender we could not verify may not use the subject token or reopen a case: it waits for an agent.
    if (isUnverified(checks) && (thread.via === 'subject-token' || (thread.status === 'closed' && !ctx.imported))) {
      const held = { outcome: 'ignored', kind: 'unverified-sender', reason: 'unverified-sender' } as const;
      recordIgnored(step, message, { ...held, caseId: thread.caseId });
      return { ...held, caseNumber: thread.caseNumber };
    }
    const files = attachmentsWithin(step, message);
    if (files.hold) {
      recordIgnored(step, message, { ...files.hold, caseId: thread.caseId });
      return { ...files.hold, caseNumber: thread.caseNumber };
    }
    const appended = appendMessageToCase(batch, {
      thread,
      rawMessageId,
      message: files.message,
      content,
      senderAuth,
      imported: ctx.imported,
      notes: files.notes,
      reopen: { text: `Reopened by a reply from ${message.from?.address ?? 'the requester'}.`, reason: 'reply' },
    });
    return { outcome: 'appended', ...appended };
  }

  // A sender flooding the mailbox (a reflector, a broken script) stops opening cases; the tenant is told.
  const sender = message.from?.address;
  const storedInWindow = (address: string) => senderStoredInWindow(step, address);
  if (sender && (await circuitBreakerStops({ sender, imported: ctx.imported, storedInWindow }))) {
    await noteCircuitBreakerTrip(tx, { tenantId: ctx.tenantId, mailboxId: ctx.mailbox.id, sender });
    recordIgnored(step, message, CIRCUIT_BREAKER_OUTCOME);
    return { ...CIRCUIT_BREAKER_OUTCOME };
  }

  if (!ctx.mailbox.createCases) {
    recordIgnored(step, message, { outcome: 'ignored', kind: 'normal', reason: 'case-creation-disabled' });
    return { outcome: 'ignored', kind: 'normal', reason: 'case-creation-disabled' };
  }
  // Existing contacts only: a stranger waits in the review queue (asked to confirm, when the mailbox does that).
  const hold = unknownSenderHold({
    policy: step.policy,
    gate: step.gate,
    imported: ctx.imported,
    allowedSender: decision.senderList?.kind === 'allowed',
    sender,
    checks,
    ownAddresses: ctx.ownAddresses,
  });
  if (hold) return holdUnknownSender(step, message, hold);
  const files = attachmentsWithin(step, message);
  if (files.hold) {
    recordIgnored(step, message, files.hold);
    return files.hold;
  }
  // An unverified sender (enforced) gets a case but no acknowledgement; the history says why.
  const unverifiedAck = !ctx.imported && decision.acknowledge && isUnverified(checks);
  const opened = await openCaseFromMessage(tx, batch, {
    mailboxId: ctx.mailbox.id,
    rawMessageId,
    message: files.message,
    content,
    senderAuth,
    imported: ctx.imported,
    importedOpen: ctx.importedOpen,
    fields: withCaseDefaults(ruleCaseFields(decision, { imported: ctx.imported }), ctx.caseDefaults),
    notes: [
      ...files.notes,
      ...(unverifiedAck
        ? [
            {
              kind: 'unverified-sender',
              text: `No acknowledgement was sent. ${checks.senderAuth?.summary ?? ''}`.trim(),
            },
          ]
        : []),
      ...(ctx.imported
        ? [
            {
              kind: 'imported',
              text: ctx.importedOpen
                ? `Imported from ${ctx.mailbox.email} when the mailbox was connected; left open as recent mail (no acknowledgement).`
                : `Imported from ${ctx.mailbox.email} when the mailbox was connected.`,
            },
          ]
        : []),
      ...describeDecision(decision, { imported: ctx.imported }).map((text) => ({ kind: 'rule', text })),
    ],
    // Cases a rule (or the allowed list) exempts get no acknowledgement.
    acknowledge: decision.acknowledge && !unverifiedAck,
    createContact: step.policy.createContacts,
  });
  return { outcome: 'created', ...opened };
}

function holdUnknownSender(step: Step, message: ParsedMessage, { confirmation }: UnknownSenderHold): IngestOutcome {
  const what = { outcome: 'ignored', kind: 'unknown-sender', reason: 'unknown-sender' } as const;
  const extra = !confirmation
    ? undefined
    : confirmation.requested
      ? { confirmationStatus: 'pending' }
      : { confirmationStatus: 'not-sent', confirmationError: `No confirmation asked: ${confirmation.refusal}.` };
  const id = recordIgnored(step, message, { ...what, extra });
  // Sent by the outbox consumer (lib/contacts/send-sender-confirmation.ts) once this commits.
  if (confirmation?.requested) step.batch.event('sender.confirmation_requested', { ignoredMessageId: id });
  return what;
}

/**
 * The mailbox's attachments policy for one message (never during the import: that is history): within
 * the limits, the message as read; over them, held for review or stored without its attachments.
 */
function attachmentsWithin(
  { ctx }: Step,
  message: ParsedMessage,
): {
  message: ParsedMessage;
  notes: { kind: string; text: string }[];
  hold?: { outcome: 'ignored'; kind: typeof ATTACHMENTS_OVER_LIMIT; reason: typeof ATTACHMENTS_OVER_LIMIT };
} {
  const policy = ctx.attachmentPolicy ?? null;
  const check = checkAttachments(message.attachments, ctx.imported ? null : policy);
  if (!check.over || !policy) return { message, notes: [] };
  if (policy.overLimit === 'hold')
    return {
      message,
      notes: [],
      hold: { outcome: 'ignored', kind: ATTACHMENTS_OVER_LIMIT, reason: ATTACHMENTS_OVER_LIMIT },
    };
  return {
    message: { ...message, attachments: message.attachments.filter((a) => a.inline) },
    notes: [{ kind: 'attachments-removed', text: strippedAttachmentsNote(check, policy) }],
  };
}

/** The breaker's count: from the batch's preloaded counts when the sync gave them, else one query. */
async function senderStoredInWindow({ tx, batch, ctx }: Step, sender: string): Promise<number> {
  const address = sender.toLowerCase();
  const known = ctx.recentBySender?.get(address);
  if (known === undefined) {
    await batch.flush(tx); // the count reads what is stored
    return countRecentInbound(tx, { mailboxId: ctx.mailbox.id, sender });
  }
  ctx.recentBySender!.set(address, known + 1); // this message is stored too, whatever becomes of it
  return known;
}

/** A bounce or auto-reply also looks for the case of the message of ours it refers to. */
function withReferencedIds(message: ParsedMessage, c: Classification): ParsedMessage {
  const refs = c.referencedMessageIds ?? [];
  if (!refs.length) return message;
  return {
    ...message,
    inReplyTo: message.inReplyTo ?? refs[0],
    references: [...new Set([...message.references, ...refs])],
  };
}

async function ingestAutoGenerated(step: Step, message: ParsedMessage, c: Classification): Promise<IngestOutcome> {
  const { tx, batch, ctx } = step;
  // A bounce or auto-reply about one of our messages is noted on that case; it never reopens it.
  const refs = c.referencedMessageIds ?? [];
  const related =
    refs.length || message.inReplyTo || message.references.length
      ? await findThreadForMessage(tx, {
          tenantId: ctx.tenantId,
          message: { ...withReferencedIds(message, c), subject: '' },
          index: batch.threads,
          beforeCaseLookup: () => batch.flush(tx),
        })
      : null;
  if (related) {
    const who =
      c.kind === 'bounce'
        ? (c.failedRecipients ?? []).join(', ') || 'a recipient'
        : (message.from?.address ?? 'the sender');
    const text = c.kind === 'bounce' ? describeBounce(c) : `Auto-reply from ${who}.`;
    addSystemNote(batch, related.caseId, c.kind === 'bounce' ? 'delivery-failed' : 'auto-reply', text);
    if (c.kind === 'bounce') {
      batch.event('message.bounced', {
        caseNumber: related.caseNumber,
        failedRecipients: c.failedRecipients ?? [],
        reason: c.reason,
      });
    }
  }
  recordIgnored(step, message, { outcome: 'ignored', kind: c.kind, reason: c.reason, caseId: related?.caseId });
  return { outcome: 'ignored', kind: c.kind, reason: c.reason, caseNumber: related?.caseNumber };
}

function recordIgnored(
  { batch, ctx, rawMessageId, senderAuth }: Step,
  message: Pick<ParsedMessage, 'from' | 'subject' | 'messageId' | 'date'> | undefined,
  what: {
    outcome: 'ignored' | 'quarantined';
    kind: string;
    reason: string;
    caseId?: string;
    extra?: IgnoredExtra;
  },
): string {
  const id = batch.addIgnored({
    ...what.extra,
    mailboxId: ctx.mailbox.id,
    rawMessageId,
    outcome: what.outcome,
    kind: what.kind,
    reason: what.reason,
    fromAddress: message?.from?.address ?? null,
    fromName: message?.from?.name ?? null,
    subject: message?.subject ?? null,
    messageId: message?.messageId ?? null,
    sentAt: message?.date ?? null,
    caseId: what.caseId ?? null,
    // A message that could not be read was not verified either.
    senderAuth: what.outcome === 'quarantined' ? null : senderAuth,
  });
  batch.event('message.ignored', {
    ignoredMessageId: id,
    mailboxId: ctx.mailbox.id,
    outcome: what.outcome,
    kind: what.kind,
    reason: what.reason,
    from: message?.from?.address ?? null,
    subject: message?.subject ?? null,
    imported: ctx.imported,
  });
  return id;
}

type IgnoredExtra = Partial<
  Pick<typeof ignoredMessages.$inferInsert, 'releasedAt' | 'confirmationStatus' | 'confirmationError'>
>;
