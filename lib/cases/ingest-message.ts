// Where an email becomes a case. Called by the sync run inside the tenant transaction that also
// stored the raw bytes, so the raw message, its outcome and its outbox events commit together.
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
//   new                           → a new case (Closed + imported during the import), or ignored
//                                   'case-creation-disabled' when the mailbox does not create cases;
//                                   no acknowledgement for an unverified sender (enforced)
//
// `checks` (lib/mail/verify/check-inbound.ts) were made by the sync before this transaction: sender
// verification asks DNS, which never happens inside a tenant transaction.
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { TenantTx } from '@/db/tenancy';
import { cases, ignoredMessages } from '@/db/schema';
import { FLOOD_THRESHOLD } from '@/lib/acknowledgements/ack-limits';
import { isSenderFlooding } from '@/lib/acknowledgements/is-sender-flooding';
import { noteCircuitBreakerTrip } from '@/lib/acknowledgements/note-circuit-breaker-trip';
import type { DerivedContent } from '@/lib/mail/derive-content';
import { describeBounce } from '@/lib/mail/describe-bounce';
import type { MessageReading } from '@/lib/mail/read-message';
import { isUnverified, NO_CHECKS, type InboundChecks } from '@/lib/mail/verify/check-inbound';
import type { SenderAuth } from '@/lib/mail/verify/sender-auth';
import { findThreadForMessage } from '@/lib/mail/thread';
import type { Classification, ParsedMessage } from '@/lib/mail/types';
import { enqueueEvent } from '@/lib/outbox/enqueue-event';
import { applyInboundRules } from '@/lib/rules/apply-inbound-rules';
import type { InboundDecision } from '@/lib/rules/evaluate-inbound';
import type { RuleSet } from '@/lib/rules/load-rule-set';
import { recordRuleDecision } from '@/lib/rules/record-rule-decision';
import { ruleCaseFields } from '@/lib/rules/rule-case-fields';
import { nextCaseNumber } from './next-case-number';
import { storeCaseMessage } from './store-case-message';

export type IngestContext = {
  tenantId: string;
  mailbox: { id: string; email: string; createCases: boolean };
  /** Addresses of all this tenant's mailboxes: mail from them is our own (loop). */
  ownAddresses: string[];
  /** Inside the import boundary: Closed, imported, no acknowledgement. */
  imported: boolean;
  /** The tenant's rules and sender lists for this mailbox, loaded once per sync run (the reading used them too). */
  rules: RuleSet;
  /** The circuit breaker's counts for this batch's senders (sender → messages in the window), preloaded by the sync. */
  recentBySender?: Map<string, number>;
};

export type IngestOutcome =
  | { outcome: 'created'; caseId: string; caseNumber: number }
  | { outcome: 'appended'; caseId: string; caseNumber: number; reopened: boolean }
  | { outcome: 'ignored'; kind: string; reason: string; caseNumber?: number }
  | { outcome: 'quarantined'; reason: string };

export async function ingestMessage(
  tx: TenantTx,
  ctx: IngestContext,
  rawMessageId: string,
  reading: MessageReading,
  checks: InboundChecks = NO_CHECKS,
): Promise<IngestOutcome> {
  const senderAuth = checks.senderAuth;
  if (!reading.ok) {
    // The header fields parse read, if any: a quarantined row still names its sender and subject.
    await recordIgnored(tx, ctx, rawMessageId, reading.headers, {
      outcome: 'quarantined',
      kind: 'quarantined',
      reason: reading.reason,
    });
    return { outcome: 'quarantined', reason: reading.reason };
  }
  const { message, content } = reading;
  if (!reading.decision) throw new Error('ingestMessage needs a reading made with the rule set');
  const decision = await applyInboundRules(tx, ctx, message, reading.decision);
  if (decision.ignore) {
    await recordIgnored(tx, ctx, rawMessageId, message, {
      outcome: 'ignored',
      kind: decision.ignore.kind,
      reason: decision.ignore.reason,
      senderAuth,
    });
    return { outcome: 'ignored', kind: decision.ignore.kind, reason: decision.ignore.reason };
  }
  const classification = decision.classification;
  if (checks.spam?.spam && decision.senderList?.kind !== 'allowed') {
    const held = { outcome: 'ignored', kind: 'spam', reason: `spam:${checks.spam.source}` } as const;
    await recordIgnored(tx, ctx, rawMessageId, message, { ...held, senderAuth });
    return held;
  }

  if (classification.verdict !== 'normal')
    return ingestAutoGenerated(tx, ctx, rawMessageId, message, classification, senderAuth);
  const read = { message, content };

  const thread = await findThreadForMessage(tx, { tenantId: ctx.tenantId, message });
  if (thread) {
    const reopened = thread.status === 'closed' && !ctx.imported;
    // A sender we could not verify may not use the subject token or reopen a case: it waits for an agent.
    if (isUnverified(checks) && (thread.via === 'subject-token' || reopened)) {
      const held = { outcome: 'ignored', kind: 'unverified-sender', reason: 'unverified-sender' } as const;
      await recordIgnored(tx, ctx, rawMessageId, message, { ...held, caseId: thread.caseId, senderAuth });
      return { ...held, caseNumber: thread.caseNumber };
    }
    await storeCaseMessage(tx, {
      tenantId: ctx.tenantId,
      caseId: thread.caseId,
      direction: 'in',
      rawMessageId,
      message,
      content,
      senderAuth,
    });
    const now = new Date();
    await tx
      .update(cases)
      .set(
        reopened
          ? { status: 'open', closedAt: null, lastActivityAt: now }
          : { lastActivityAt: ctx.imported ? (message.date ?? now) : now },
      )
      .where(eq(cases.id, thread.caseId));
    if (reopened) {
      await storeCaseMessage(tx, {
        tenantId: ctx.tenantId,
        caseId: thread.caseId,
        direction: 'system',
        systemKind: 'reopened',
        text: `Reopened by a reply from ${message.from?.address ?? 'the requester'}.`,
      });
      await enqueueEvent(tx, ctx.tenantId, 'case.updated', {
        caseNumber: thread.caseNumber,
        changes: { status: { before: 'closed', after: 'open' } },
        reason: 'reply',
      });
    }
    await enqueueEvent(tx, ctx.tenantId, 'message.received', {
      caseNumber: thread.caseNumber,
      messageId: message.messageId ?? null,
      from: message.from?.address ?? null,
      subject: message.subject,
      imported: ctx.imported,
      via: thread.via,
    });
    return { outcome: 'appended', caseId: thread.caseId, caseNumber: thread.caseNumber, reopened };
  }

  // A sender flooding the mailbox (a reflector, a broken script) stops opening cases; the tenant is told.
  const sender = message.from?.address;
  if (sender && !ctx.imported && (await senderIsFlooding(tx, ctx, sender))) {
    await noteCircuitBreakerTrip(tx, { tenantId: ctx.tenantId, mailboxId: ctx.mailbox.id, sender });
    await recordIgnored(tx, ctx, rawMessageId, message, {
      outcome: 'ignored',
      kind: 'normal',
      reason: 'circuit-breaker',
      senderAuth,
    });
    return { outcome: 'ignored', kind: 'normal', reason: 'circuit-breaker' };
  }

  if (!ctx.mailbox.createCases) {
    await recordIgnored(tx, ctx, rawMessageId, message, {
      outcome: 'ignored',
      kind: 'normal',
      reason: 'case-creation-disabled',
      senderAuth,
    });
    return { outcome: 'ignored', kind: 'normal', reason: 'case-creation-disabled' };
  }
  return createCaseFromMessage(tx, ctx, rawMessageId, read, decision, checks);
}

/** The breaker's count: from the batch's preloaded counts when the sync gave them, else one query. */
async function senderIsFlooding(tx: TenantTx, ctx: IngestContext, sender: string): Promise<boolean> {
  const address = sender.toLowerCase();
  const known = ctx.recentBySender?.get(address);
  if (known === undefined) return isSenderFlooding(tx, { tenantId: ctx.tenantId, mailboxId: ctx.mailbox.id, sender });
  ctx.recentBySender!.set(address, known + 1); // this message is stored too, whatever becomes of it
  return known > FLOOD_THRESHOLD;
}

async function createCaseFromMessage(
  tx: TenantTx,
  ctx: IngestContext,
  rawMessageId: string,
  { message, content }: { message: ParsedMessage; content: DerivedContent },
  decision: InboundDecision,
  checks: InboundChecks,
): Promise<IngestOutcome> {
  const number = await nextCaseNumber(tx, ctx.tenantId);
  // An unverified sender (enforced) gets a case but no acknowledgement; the history says why.
  const unverifiedAck = !ctx.imported && decision.acknowledge && isUnverified(checks);
  const requester = message.replyTo[0] ?? message.from;
  const createdAt = ctx.imported && message.date ? message.date : new Date();
  const fromRules = ruleCaseFields(decision, { imported: ctx.imported });
  // The id is ours, so the case and its first history rows go out as one pipelined burst on the
  // transaction's connection. Statements run in the order they are sent: the case insert is sent
  // first (execute() sends now), so it exists before its messages' foreign keys are checked.
  const row = { id: randomUUID() };
  const insertingCase = tx
    .insert(cases)
    .values({
      id: row.id,
      tenantId: ctx.tenantId,
      number,
      subject: message.subject,
      status: ctx.imported ? 'closed' : 'open',
      requesterEmail: requester?.address ?? 'unknown@invalid',
      requesterName: requester?.name || null,
      mailboxId: ctx.mailbox.id,
      imported: ctx.imported,
      createdAt,
      lastActivityAt: createdAt,
      closedAt: ctx.imported || fromRules.status === 'closed' ? createdAt : null,
      ...fromRules,
    })
    .execute();
  const history = [
    storeCaseMessage(tx, {
      tenantId: ctx.tenantId,
      caseId: row.id,
      direction: 'in',
      rawMessageId,
      message,
      content,
      senderAuth: checks.senderAuth,
    }),
    unverifiedAck
      ? storeCaseMessage(tx, {
          tenantId: ctx.tenantId,
          caseId: row.id,
          direction: 'system',
          systemKind: 'unverified-sender',
          text: `No acknowledgement was sent. ${checks.senderAuth?.summary ?? ''}`.trim(),
        })
      : undefined,
    ctx.imported
      ? storeCaseMessage(tx, {
          tenantId: ctx.tenantId,
          caseId: row.id,
          direction: 'system',
          systemKind: 'imported',
          text: `Imported from ${ctx.mailbox.email} when the mailbox was connected.`,
        })
      : undefined,
  ];
  await Promise.all([insertingCase, ...history]);
  await recordRuleDecision(tx, { tenantId: ctx.tenantId, caseId: row.id, decision, imported: ctx.imported });
  await enqueueEvent(tx, ctx.tenantId, 'case.created', {
    caseId: row.id,
    caseNumber: number,
    subject: message.subject,
    requester: { email: requester?.address ?? null, name: requester?.name ?? null },
    mailboxId: ctx.mailbox.id,
    imported: ctx.imported,
    status: fromRules.status ?? (ctx.imported ? 'closed' : 'open'),
    priority: fromRules.priority ?? 'normal',
    tags: fromRules.tags ?? [],
    assigneeId: fromRules.assigneeId ?? null,
    // The acknowledgement sender (durable runs) decides on this; imported cases never get one, nor
    // do cases a rule (or the allowed list) exempts.
    acknowledge: !ctx.imported && decision.acknowledge && !unverifiedAck,
  });
  return { outcome: 'created', caseId: row.id, caseNumber: number };
}

async function ingestAutoGenerated(
  tx: TenantTx,
  ctx: IngestContext,
  rawMessageId: string,
  message: ParsedMessage,
  c: Classification,
  senderAuth: SenderAuth | null,
): Promise<IngestOutcome> {
  // A bounce or auto-reply about one of our messages is noted on that case; it never reopens it.
  const refs = c.referencedMessageIds ?? [];
  const related =
    refs.length || message.inReplyTo || message.references.length
      ? await findThreadForMessage(tx, {
          tenantId: ctx.tenantId,
          message: {
            ...message,
            inReplyTo: message.inReplyTo ?? refs[0],
            references: [...new Set([...message.references, ...refs])],
            subject: '',
          },
        })
      : null;
  if (related) {
    const who =
      c.kind === 'bounce'
        ? (c.failedRecipients ?? []).join(', ') || 'a recipient'
        : (message.from?.address ?? 'the sender');
    const text = c.kind === 'bounce' ? describeBounce(c) : `Auto-reply from ${who}.`;
    await storeCaseMessage(tx, {
      tenantId: ctx.tenantId,
      caseId: related.caseId,
      direction: 'system',
      systemKind: c.kind === 'bounce' ? 'delivery-failed' : 'auto-reply',
      text,
      rawMessageId: null,
    });
    if (c.kind === 'bounce') {
      await enqueueEvent(tx, ctx.tenantId, 'message.bounced', {
        caseNumber: related.caseNumber,
        failedRecipients: c.failedRecipients ?? [],
        reason: c.reason,
      });
    }
  }
  await recordIgnored(tx, ctx, rawMessageId, message, {
    outcome: 'ignored',
    kind: c.kind,
    reason: c.reason,
    caseId: related?.caseId,
    senderAuth,
  });
  return { outcome: 'ignored', kind: c.kind, reason: c.reason, caseNumber: related?.caseNumber };
}

async function recordIgnored(
  tx: TenantTx,
  ctx: IngestContext,
  rawMessageId: string,
  message: Pick<ParsedMessage, 'from' | 'subject' | 'messageId' | 'date'> | undefined,
  what: {
    outcome: 'ignored' | 'quarantined';
    kind: string;
    reason: string;
    caseId?: string;
    senderAuth?: SenderAuth | null;
  },
) {
  const [row] = await tx
    .insert(ignoredMessages)
    .values({
      tenantId: ctx.tenantId,
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
      senderAuth: what.senderAuth ?? null,
    })
    .returning({ id: ignoredMessages.id });
  await enqueueEvent(tx, ctx.tenantId, 'message.ignored', {
    ignoredMessageId: row.id,
    mailboxId: ctx.mailbox.id,
    outcome: what.outcome,
    kind: what.kind,
    reason: what.reason,
    from: message?.from?.address ?? null,
    subject: message?.subject ?? null,
    imported: ctx.imported,
  });
}
