// The acknowledgement for a new case: called by the runner / Inngest for each `case.created`
// outbox event, and again for a failed one. Exactly one per case, however often and however
// concurrently it is called:
//
//   1. decide, in a tenant transaction holding the case's row lock: the case's one acknowledgement
//      row (system_kind 'acknowledgement', unique per case) says what already happened. Without one,
//      the rules below decide; a decision not to send is recorded on that row (so a later call,
//      e.g. a day later, does not change its mind), and a send is claimed by inserting the row as
//      'sending' with its Message-ID, subject and text;
//   2. deliver (lib/mail/send/deliver-case-mail.ts, shared with agents' replies): the send outside any
//      transaction, then the outcome on the row: 'sent', or 'failed' with the reason and the next attempt time.
//
// The one window: a crash after the server accepted the message and before the outcome commits.
// The row then stays 'sending'; once its claim expires a later call sends it again, with the same
// Message-ID (so mail clients that deduplicate show it once). A concurrent call that finds a fresh
// 'sending' row waits for it to settle (up to inProgressWaitMs) instead of sending.
//
// Never sent (docs/architecture.md, invariant 8, "Mail rules"): imported cases, released ignored mail
// (except a held message its sender confirmed), a first message that classifies as auto-generated,
// recipients that are machines (mailer-daemon, postmaster, no-reply…) or any tenant's own mailbox
// address (forwarding addresses too), a sender the circuit breaker has tripped for, and a sender that had
// one from this mailbox within its window (24 h by default).
// No SMTP server on the mailbox: recorded as "not sent: no outbound server", status 'not-sent'.
import { and, asc, eq, sql } from 'drizzle-orm';
import type { TenantTx } from '@/db/tenancy';
import { queryRows } from '@/db/rows';
import { caseMessages, cases, ignoredMessages, mailboxes, rawMessages } from '@/db/schema';
import { withSystem, withTenant } from '@/db/tenancy';
import { env } from '@/lib/env';
import { createOutboundMessageId } from '@/lib/mail/message-id';
import { PARSE_LIMITS } from '@/lib/mail/parse-limits';
import { readMessageInPool } from '@/lib/mail/pool/read-message-in-pool';
import { autoReplyHeaders } from '@/lib/mail/send/auto-reply-headers';
import type { SendOptions } from '@/lib/mail/send/send-smtp-message';
import { deliverCaseMail } from '@/lib/mail/send/deliver-case-mail';
import { isApiProtocol } from '@/lib/mailboxes/open-api-source';
import { ackRetryDelayMinutes, DEFAULT_ACK_WINDOW_HOURS, MAX_ACK_ATTEMPTS } from './ack-limits';
import { isSenderFlooding } from './is-sender-flooding';
import { circuitBreakerNotice, noteCircuitBreakerTrip } from './note-circuit-breaker-trip';
import { loadRuleSet } from '@/lib/rules/load-rule-set';
import { toPlainRuleSet } from '@/lib/rules/rule-set-transfer';
import { listOwnAddresses } from '@/lib/mailboxes/list-own-addresses';
import { refusedRecipientReason } from './refused-recipient';
import { renderAcknowledgement } from './render-acknowledgement';
import { isUuid } from '@/lib/is-uuid';
import { claimColumns, isClaimedElsewhere, SENDING_CLAIM_MS } from '@/lib/mail/send/delivery-outcome';
import { plainDisplayColumns } from '@/lib/mail/derive-content';

const ACK_POLICY = {
  maxAttempts: MAX_ACK_ATTEMPTS,
  retryDelayMs: (attempts: number) => ackRetryDelayMinutes(attempts) * 60_000,
};

export const ACK_KIND = 'acknowledgement';
export const NO_OUTBOUND_SERVER = 'not sent: no outbound server';

export type AckStatus = 'sent' | 'skipped' | 'not-sent' | 'failed';
export type AckResult = {
  status: AckStatus;
  /** Why (for 'sent': 'sent' or 'already-sent'); for 'failed' the error in words, never the server's text. */
  reason: string;
  /** 'failed' only: whether calling again later can help (false after a permanent refusal or MAX_ACK_ATTEMPTS). */
  retry?: boolean;
  /** 'failed' only: when the next attempt is due. */
  retryAt?: Date | null;
  caseMessageId?: string;
  messageId?: string | null;
};

export type SendAcknowledgementOptions = SendOptions & {
  /** The time the rules are judged at (windows, breaker) and recorded with; default: now. */
  now?: Date;
  /** How long a call waits for a concurrent call's send to settle before answering 'failed' (in progress). */
  inProgressWaitMs?: number;
};

type Target = { tenantId: string; caseId: string };
type AckRow = typeof caseMessages.$inferSelect;
type MailboxRow = typeof mailboxes.$inferSelect;
type Decision =
  | { kind: 'done'; result: AckResult }
  | { kind: 'busy' }
  | { kind: 'send'; row: AckRow; mailbox: MailboxRow; caseNumber: number };

const skipped = (reason: string): AckResult => ({ status: 'skipped', reason });

export async function sendAcknowledgement(
  target: string | Target,
  opts: SendAcknowledgementOptions = {},
): Promise<AckResult> {
  const now = opts.now ?? new Date();
  const found = await lookUpCase(typeof target === 'string' ? { caseId: target } : target);
  if (!found) return skipped('case-not-found');
  const deadline = Date.now() + (opts.inProgressWaitMs ?? 60_000);
  for (;;) {
    const decision = await withTenant(found.tenantId, (tx) => decide(tx, found, now));
    if (decision.kind === 'done') return decision.result;
    if (decision.kind === 'send') return deliver(found.tenantId, decision, now, opts);
    if (Date.now() >= deadline) {
      return {
        status: 'failed',
        reason: 'in-progress: another attempt is sending this acknowledgement',
        retry: true,
        retryAt: new Date(Date.now() + SENDING_CLAIM_MS),
      };
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

type FoundCase = Target & { recipientIsOurs: boolean };

/** The case's tenant, and whether its requester is any tenant's mailbox (a cross-tenant fact, hence the system role). */
async function lookUpCase({ caseId, tenantId }: { caseId: string; tenantId?: string }): Promise<FoundCase | null> {
  if (!isUuid(caseId)) return null;
  // A forwarding mailbox's address (`<token>@INBOUND_DOMAIN`) is ours as well.
  const domain = env.INBOUND_DOMAIN?.toLowerCase() ?? null;
  const [row] = await withSystem((tx) =>
    queryRows<{ tenant_id: string; own: boolean }>(
      tx,
      sql`select c.tenant_id, exists (
            select 1 from mailboxes m
            where lower(m.email) = lower(c.requester_email)
               or (${domain}::text is not null and m.protocol = 'forward'
                   and lower(c.requester_email) = m.inbound_token || '@' || ${domain}::text)
          ) as own
          from cases c where c.id = ${caseId}`,
    ),
  );
  if (!row || (tenantId && row.tenant_id !== tenantId)) return null;
  return { tenantId: row.tenant_id, caseId, recipientIsOurs: Boolean(row.own) };
}

async function decide(tx: TenantTx, target: FoundCase, now: Date): Promise<Decision> {
  const { tenantId, caseId } = target;
  const [c] = await tx.select().from(cases).where(eq(cases.id, caseId)).for('update');
  if (!c) return { kind: 'done', result: skipped('case-not-found') };

  const [existing] = await tx
    .select()
    .from(caseMessages)
    .where(and(eq(caseMessages.caseId, caseId), eq(caseMessages.systemKind, ACK_KIND)));
  if (existing) return decideAgain(tx, existing, c);

  if (c.imported) return { kind: 'done', result: skipped('imported') };
  const [released] = await tx
    .select({ id: ignoredMessages.id, confirmation: ignoredMessages.confirmationStatus })
    .from(ignoredMessages)
    .where(eq(ignoredMessages.releasedCaseId, caseId))
    .limit(1);
  // A message its sender confirmed (lib/contacts) is acknowledged like new mail; one an agent released is not.
  if (released && released.confirmation !== 'confirmed') return { kind: 'done', result: skipped('released') };
  const [mailbox] = c.mailboxId ? await tx.select().from(mailboxes).where(eq(mailboxes.id, c.mailboxId)) : [];
  if (!mailbox) return { kind: 'done', result: skipped('no-mailbox') };
  if (!mailbox.ackEnabled) return { kind: 'done', result: skipped('disabled') };

  const [first] = await tx
    .select()
    .from(caseMessages)
    .where(and(eq(caseMessages.caseId, caseId), eq(caseMessages.direction, 'in')))
    .orderBy(asc(caseMessages.createdAt), asc(caseMessages.id))
    .limit(1);
  if (!first) return { kind: 'done', result: skipped('no-inbound-message') };
  const auto = await autoGeneratedReason(tx, first, mailbox.id);
  if (auto) return { kind: 'done', result: skipped(`auto-generated:${auto}`) };

  const recipient = c.requesterEmail.trim().toLowerCase();
  const record = (reason: string, text: string) =>
    recordSkip(tx, { tenantId, caseId, recipient, name: c.requesterName, reason, text });

  const refused = refusedRecipientReason(recipient);
  if (refused) return record(refused, `No acknowledgement sent: ${recipient} is not a person’s address.`);
  if (target.recipientIsOurs)
    return record('recipient:own-mailbox', `No acknowledgement sent: ${recipient} is one of our own mailboxes.`);

  for (const sender of new Set([first.fromAddress ?? recipient, recipient])) {
    if (await isSenderFlooding(tx, { mailboxId: mailbox.id, sender, now })) {
      await noteCircuitBreakerTrip(tx, { tenantId, mailboxId: mailbox.id, sender, now });
      return record('circuit-breaker', circuitBreakerNotice(sender));
    }
  }

  // One decision at a time per recipient and mailbox: two new cases from one sender, decided
  // concurrently, must not both see "no acknowledgement yet".
  await tx.execute(
    sql`select pg_advisory_xact_lock(hashtextextended(${`ack:${tenantId}:${mailbox.id}:${recipient}`}, 0))`,
  );
  const windowHours = mailbox.ackWindowHours ?? DEFAULT_ACK_WINDOW_HOURS;
  const prior = await recentAcknowledgement(tx, {
    mailboxId: mailbox.id,
    caseId,
    recipient,
    since: new Date(now.getTime() - windowHours * 3_600_000),
    now,
  });
  if (prior) {
    return record(
      'rate-limited',
      `No acknowledgement sent: ${recipient} already got one from this mailbox within ${windowHours} h (case #${prior.number}).`,
    );
  }

  const { subject, text } = renderAcknowledgement({
    template: mailbox.ackTemplate,
    caseNumber: Number(c.number),
    caseSubject: c.subject,
    requesterName: c.requesterName,
    requesterEmail: recipient,
  });
  // Graph and Gmail API mailboxes send through their API (lib/mail/send/mailbox-transport.ts).
  const hasServer =
    isApiProtocol(mailbox.protocol) || Boolean(mailbox.smtpHost && mailbox.smtpPort && mailbox.smtpSecurity);
  const base = {
    tenantId,
    caseId,
    direction: 'out' as const,
    systemKind: ACK_KIND,
    fromAddress: mailbox.email.toLowerCase(),
    fromName: mailbox.displayName,
    to: [{ address: recipient, ...(c.requesterName ? { name: c.requesterName } : {}) }],
    subject,
    text,
    ...plainDisplayColumns(text),
    inReplyTo: first.messageId,
    references: first.messageId ? [...(first.references ?? []).slice(-19), first.messageId] : [],
    sentAt: now,
  };
  if (!hasServer) {
    const [row] = await tx
      .insert(caseMessages)
      .values({ ...base, sentAt: null, deliveryStatus: 'not-sent', deliveryError: NO_OUTBOUND_SERVER })
      .onConflictDoNothing()
      .returning({ id: caseMessages.id });
    return row
      ? { kind: 'done', result: { status: 'not-sent', reason: NO_OUTBOUND_SERVER, caseMessageId: row.id } }
      : { kind: 'busy' };
  }
  const domain = mailbox.email.slice(mailbox.email.lastIndexOf('@') + 1);
  const [row] = await tx
    .insert(caseMessages)
    .values({
      ...base,
      messageId: createOutboundMessageId({ tenantId, caseNumber: Number(c.number), domain }),
      ...claimColumns(),
    })
    .onConflictDoNothing()
    .returning();
  return row ? { kind: 'send', row, mailbox, caseNumber: Number(c.number) } : { kind: 'busy' };
}

/** The case already has its acknowledgement row: report it, wait for it, or (failed / stale claim) send it again. */
async function decideAgain(tx: TenantTx, row: AckRow, c: typeof cases.$inferSelect): Promise<Decision> {
  const status = row.deliveryStatus;
  if (status === 'sent')
    return {
      kind: 'done',
      result: { status: 'sent', reason: 'already-sent', caseMessageId: row.id, messageId: row.messageId },
    };
  if (status === 'skipped' || status === 'not-sent') {
    return { kind: 'done', result: { status, reason: row.deliveryError ?? status, caseMessageId: row.id } };
  }
  if (isClaimedElsewhere(row)) return { kind: 'busy' };
  if (status === 'failed' && !row.nextDeliveryAt && row.deliveryAttempts > 0) {
    return {
      kind: 'done',
      result: {
        status: 'failed',
        reason: row.deliveryError ?? 'failed',
        retry: false,
        retryAt: null,
        caseMessageId: row.id,
      },
    };
  }
  const [mailbox] = c.mailboxId ? await tx.select().from(mailboxes).where(eq(mailboxes.id, c.mailboxId)) : [];
  if (!mailbox) {
    await tx
      .update(caseMessages)
      .set({ deliveryStatus: 'not-sent', deliveryError: 'not sent: the mailbox was removed', nextDeliveryAt: null })
      .where(eq(caseMessages.id, row.id));
    return {
      kind: 'done',
      result: { status: 'not-sent', reason: 'not sent: the mailbox was removed', caseMessageId: row.id },
    };
  }
  const [claimed] = await tx.update(caseMessages).set(claimColumns()).where(eq(caseMessages.id, row.id)).returning();
  return { kind: 'send', row: claimed, mailbox, caseNumber: Number(c.number) };
}

async function deliver(
  tenantId: string,
  { row, mailbox, caseNumber }: Extract<Decision, { kind: 'send' }>,
  now: Date,
  opts: SendOptions,
): Promise<AckResult> {
  const outcome = await deliverCaseMail(
    {
      tenantId,
      row,
      mailbox,
      caseNumber,
      kind: ACK_KIND,
      policy: ACK_POLICY,
      now,
      headers: autoReplyHeaders(tenantId, mailbox.email),
      unsendable: (why) => ({
        status: 'not-sent',
        reason:
          why === 'no-outbound-server'
            ? NO_OUTBOUND_SERVER
            : 'not sent: the mailbox’s OAuth sign-in has to be renewed (Get authorization code)',
      }),
    },
    opts,
  );
  const ids = { caseMessageId: row.id, messageId: row.messageId };
  if (outcome.status === 'sent') return { status: 'sent', reason: 'sent', ...ids };
  if (outcome.status === 'not-sent') return { status: 'not-sent', reason: outcome.reason, caseMessageId: row.id };
  return { status: 'failed', reason: outcome.reason, retry: !outcome.final, retryAt: outcome.retryAt, ...ids };
}

/** Recorded decisions not to send: shown in the case's history, and final for later calls. */
async function recordSkip(
  tx: TenantTx,
  p: { tenantId: string; caseId: string; recipient: string; name: string | null; reason: string; text: string },
): Promise<Decision> {
  const [row] = await tx
    .insert(caseMessages)
    .values({
      tenantId: p.tenantId,
      caseId: p.caseId,
      direction: 'system',
      systemKind: ACK_KIND,
      to: [{ address: p.recipient, ...(p.name ? { name: p.name } : {}) }],
      text: p.text,
      ...plainDisplayColumns(p.text),
      deliveryStatus: 'skipped',
      deliveryError: p.reason,
    })
    .onConflictDoNothing()
    .returning({ id: caseMessages.id });
  return row
    ? { kind: 'done', result: { status: 'skipped', reason: p.reason, caseMessageId: row.id } }
    : { kind: 'busy' };
}

/** An acknowledgement to `recipient` from this mailbox (sent, or being sent/retried) within the window. */
async function recentAcknowledgement(
  tx: TenantTx,
  p: { mailboxId: string; caseId: string; recipient: string; since: Date; now: Date },
): Promise<{ number: number } | null> {
  const [row] = await queryRows<{ number: number | string }>(
    tx,
    sql`select c.number from case_messages cm join cases c on c.id = cm.case_id
        where cm.system_kind = ${ACK_KIND} and cm.direction = 'out'
          and cm.delivery_status in ('queued', 'sending', 'sent', 'failed')
          and c.mailbox_id = ${p.mailboxId} and cm.case_id <> ${p.caseId}
          and cm."to" @> ${JSON.stringify([{ address: p.recipient }])}::jsonb
          and cm.sent_at > ${p.since.toISOString()}::timestamptz and cm.sent_at <= ${p.now.toISOString()}::timestamptz
        limit 1`,
  );
  return row ? { number: Number(row.number) } : null;
}

/**
 * Re-reads the case's first message from its raw bytes: was it written by a machine? Read with the
 * mailbox's current rules: machine mail the allowed list let in counts as the tenant's explicit
 * 'acknowledge' allows (evaluate-inbound.ts), and only then.
 */
async function autoGeneratedReason(tx: TenantTx, first: AckRow, mailboxId: string): Promise<string | null> {
  if (!first.rawMessageId) return null;
  const [raw] = await tx
    .select({ content: rawMessages.content })
    .from(rawMessages)
    .where(eq(rawMessages.id, first.rawMessageId));
  if (!raw) return null;
  const rules = toPlainRuleSet(await loadRuleSet(tx, { tenantId: first.tenantId, mailboxId }));
  const reading = await readMessageInPool(raw.content, {
    tenantId: first.tenantId,
    ownAddresses: await listOwnAddresses(tx),
    maxBytes: Math.max(raw.content.length, PARSE_LIMITS.maxBytes),
    rules,
  });
  if (!reading.ok) return null;
  const c = reading.classification;
  if (c.verdict !== 'auto-generated') return null;
  const asked = reading.decision?.acknowledge && reading.decision.changes.acknowledge.length > 0;
  return asked ? null : c.reason;
}
