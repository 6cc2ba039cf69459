// Acknowledgements for new cases, sent to a real SMTP sink, with real PostgreSQL: headers, exactly
// once, who never gets one, the 24 h window, the circuit breaker, and SMTP trouble.
import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, caseMessages, cases, ignoredMessages, mailboxes, outboxEvents, rawMessages } from '@/db/schema';
import { withTenant } from '@/db/tenancy';
import { FLOOD_THRESHOLD } from '@/lib/acknowledgements/ack-limits';
import { CIRCUIT_BREAKER_ACTION } from '@/lib/acknowledgements/note-circuit-breaker-trip';
import { NO_OUTBOUND_SERVER, sendAcknowledgement } from '@/lib/acknowledgements/send-acknowledgement';
import { releaseIgnoredMessage } from '@/lib/cases/release-ignored-message';
import { createRule } from '@/lib/rules/save-rule';
import { addSenderEntry } from '@/lib/rules/sender-list-entries';
import { classifyMessage } from '@/lib/mail/classify';
import { verifyOutboundMessageId } from '@/lib/mail/message-id';
import { parseMessage } from '@/lib/mail/parse';
import { loopHeaderValue } from '@/lib/mail/send/loop-header';
import { freePort } from '@/tests/helpers/free-port';
import { buildMail } from '@/tests/helpers/mail-builder';
import { makeMailboxRow, type TestMailbox } from '@/tests/helpers/receive-mail';
import { receiveBuiltMail, receiveNewCase } from '@/tests/helpers/receive-built-mail';
import { sendingToSink } from '@/tests/helpers/sink-mailbox';
import { startSmtpSink } from '@/tests/helpers/smtp-sink';
import { makeTenant } from '@/tests/helpers/tenant';
import { useStarted } from '@/tests/helpers/use-started';

const sink = useStarted(startSmtpSink, (started) => started.stop());

const uid = () => randomBytes(5).toString('hex');
const HOUR = 3_600_000;

/** A tenant with a mailbox whose SMTP server is `smtp` (default: the shared plain sink). */
async function setup(smtp: Partial<typeof mailboxes.$inferInsert> | null = {}) {
  const tenant = await makeTenant('ack');
  const mailbox = await makeMailboxRow(
    tenant.tenantId,
    smtp === null
      ? {}
      : {
          ...sendingToSink(sink.port),
          displayName: 'Acme Support',
          ...smtp,
        },
  );
  return { tenantId: tenant.tenantId, mailbox };
}

/** A customer address unique to the test, so assertions on the shared sink see only this test's mail. */
const customer = (name = 'cust') => `${name}-${uid()}@customer.example`;
const sentTo = (address: string) => sink.messages.filter((m) => m.envelope.to.includes(address));

async function newCase(
  tenantId: string,
  mailbox: TestMailbox,
  spec: {
    from: string;
    subject?: string;
    messageId?: string;
    at?: Date;
    headers?: Record<string, string>;
    imported?: boolean;
  },
) {
  return receiveNewCase(
    tenantId,
    mailbox,
    {
      from: spec.from,
      subject: spec.subject ?? `Question ${uid()}`,
      text: 'Hello, I need help.',
      messageId: spec.messageId,
      headers: spec.headers,
    },
    { at: spec.at, imported: spec.imported },
  );
}

async function ackRows(tenantId: string, caseId: string) {
  return withTenant(tenantId, (tx) =>
    tx
      .select()
      .from(caseMessages)
      .where(and(eq(caseMessages.caseId, caseId), eq(caseMessages.systemKind, 'acknowledgement'))),
  );
}

async function waitUntil(check: () => boolean, ms = 2_000) {
  const deadline = Date.now() + ms;
  while (!check() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
}

describe('sendAcknowledgement', () => {
  it('sends the ack with the case token, threading and loop headers and a verifiable Message-ID; a reply to it joins the case', async () => {
    const { tenantId, mailbox } = await setup();
    const from = customer('ann');
    const original = `orig-${uid()}@customer.example`;
    const c = await newCase(tenantId, mailbox, {
      from: `Ann Example <${from}>`,
      subject: 'Printer on fire',
      messageId: original,
    });

    const result = await sendAcknowledgement(c.caseId);
    expect(result).toMatchObject({ status: 'sent', reason: 'sent' });
    await waitUntil(() => sentTo(from).length > 0);
    const [mail] = sentTo(from);
    expect(mail.envelope).toEqual({ from: mailbox.email, to: [from] });
    expect(mail.parsed.subject).toBe(`[Case #${c.caseNumber}] Printer on fire`);
    expect(mail.headers.get('in-reply-to')).toBe(`<${original}>`);
    expect(mail.headers.get('references')).toContain(`<${original}>`);
    expect(mail.headers.get('auto-submitted')).toBe('auto-replied');
    expect(mail.headers.get('x-caseflow-loop')).toBe(loopHeaderValue(tenantId));
    expect(mail.parsed.from?.value[0]).toMatchObject({ address: mailbox.email, name: 'Acme Support' });
    expect(mail.parsed.text).toContain('Hello Ann Example,');
    expect(mail.parsed.text).toContain(`case #${c.caseNumber}: "Printer on fire"`);

    const messageId = mail.parsed.messageId!.replace(/^<|>$/g, '');
    expect(verifyOutboundMessageId(messageId, tenantId)).toEqual({ caseNumber: c.caseNumber });
    const [row] = await ackRows(tenantId, c.caseId);
    expect(row).toMatchObject({
      direction: 'out',
      deliveryStatus: 'sent',
      messageId,
      inReplyTo: original,
      deliveryAttempts: 1,
    });

    // Our ack coming back into a mailbox (a forward, a misrouted copy) is our own loop, not a new case.
    const parsedBack = await parseMessage(mail.raw);
    if (!parsedBack.ok) throw new Error('sink copy did not parse');
    expect(classifyMessage(parsedBack.message)).toMatchObject({ verdict: 'auto-generated', kind: 'loop' });

    // The customer answers the ack without the token in the subject: threads by In-Reply-To.
    const reply = await receiveBuiltMail(tenantId, mailbox, {
      from,
      subject: 'thanks',
      text: 'more details',
      inReplyTo: messageId,
    });
    expect(reply).toMatchObject({ outcome: 'appended', caseId: c.caseId });
  });

  it('renders the mailbox’s own template with its placeholders', async () => {
    const { tenantId, mailbox } = await setup({
      ackTemplate: 'Dear {{ requester.name }}, ticket {{case.number}} ({{case.subject}}) is open. {{unknown}}',
    });
    const from = customer('tpl');
    const c = await newCase(tenantId, mailbox, { from, subject: 'Invoice' });
    expect((await sendAcknowledgement(c.caseId)).status).toBe('sent');
    await waitUntil(() => sentTo(from).length > 0);
    expect(sentTo(from)[0].parsed.text?.trim()).toBe(
      `Dear ${from}, ticket ${c.caseNumber} (Invoice) is open. {{unknown}}`,
    );
  });

  it('is sent exactly once when called twice at the same time, and later calls only report it', async () => {
    const { tenantId, mailbox } = await setup();
    const from = customer('twice');
    const c = await newCase(tenantId, mailbox, { from });
    const results = await Promise.all([
      sendAcknowledgement(c.caseId),
      sendAcknowledgement({ tenantId, caseId: c.caseId }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['sent', 'sent']);
    expect(results.map((r) => r.reason).sort()).toEqual(['already-sent', 'sent']);
    expect(await sendAcknowledgement(c.caseId)).toMatchObject({ status: 'sent', reason: 'already-sent' });
    await new Promise((r) => setTimeout(r, 300));
    expect(sentTo(from)).toHaveLength(1);
    expect(await ackRows(tenantId, c.caseId)).toHaveLength(1);
  });

  it('goes through STARTTLS with the mailbox’s own SMTP login, and through implicit TLS with a verified certificate', async () => {
    const user = `smtp-${uid()}`;
    const pass = `pw ${uid()}`;
    const tlsSink = await startSmtpSink({ starttls: true, auth: { user, pass } });
    const tlsOnly = await startSmtpSink({ secure: true });
    try {
      const tenant = await makeTenant('ack');
      const mailbox = await makeMailboxRow(
        tenant.tenantId,
        sendingToSink(tlsSink.port, {
          security: 'starttls',
          login: { tenantId: tenant.tenantId, user, pass },
          tlsVerify: false,
        }),
      );
      const c = await newCase(tenant.tenantId, mailbox, { from: customer('tls') });
      expect((await sendAcknowledgement(c.caseId)).status).toBe('sent');
      const [mail] = await tlsSink.waitFor(1);
      expect(mail.user).toBe(user);

      const second = await makeTenant('ack');
      const secure = await makeMailboxRow(second.tenantId, {
        smtpHost: '127.0.0.1',
        smtpPort: tlsOnly.port,
        smtpSecurity: 'tls',
        tlsVerify: true,
      });
      const c2 = await newCase(second.tenantId, secure, { from: customer('tls') });
      // Verification on and the sink's self-signed certificate unknown: refused, in our words.
      const refused = await sendAcknowledgement(c2.caseId);
      expect(refused).toMatchObject({ status: 'failed', retry: true });
      expect(refused.reason).toMatch(/TLS/);
      expect(refused.reason).not.toContain('caseflow test sink');
      // Trusted certificate: sent (the later call retries the failed row).
      expect(await sendAcknowledgement(c2.caseId, { ca: tlsOnly.cert })).toMatchObject({ status: 'sent' });
      await tlsOnly.waitFor(1);
    } finally {
      await tlsSink.stop();
      await tlsOnly.stop();
    }
  });
});

describe('who never gets an acknowledgement', () => {
  it('machine mail the allowed list lets in: silent, unless a rule explicitly asks to acknowledge it — and never a vacation reply, a list’s mail or a machine address', async () => {
    const { tenantId, mailbox } = await setup();
    const actor = { kind: 'cli' as const };
    await withTenant(tenantId, async (tx) => {
      await addSenderEntry(tx, { tenantId, input: { kind: 'allowed', pattern: 'forms.example' }, actor });
      await addSenderEntry(tx, { tenantId, input: { kind: 'allowed', pattern: 'quiet.example' }, actor });
    });
    const formMail = async (from: string, headers: Record<string, string>, replyTo?: string) => {
      const requester = replyTo ?? from;
      const r = await receiveNewCase(tenantId, mailbox, {
        from,
        subject: `Web form ${uid()}`,
        text: 'A form was filled in.',
        headers: { ...headers, ...(replyTo ? { 'Reply-To': replyTo } : {}) },
      });
      const [event] = await withTenant(tenantId, (tx) =>
        tx.select().from(outboxEvents).where(eq(outboxEvents.type, 'case.created')),
      ).then((rows) => rows.filter((e) => e.payload.caseId === r.caseId));
      return { caseId: r.caseId, requested: event.payload.acknowledge, requester };
    };
    const form = { 'Auto-Submitted': 'auto-generated' };

    // Without the rule: the allowed list opens the case silently.
    const before = await formMail(`web@quiet.example`, form, customer('silent'));
    expect(before.requested).toBe(false);

    await withTenant(tenantId, (tx) =>
      createRule(tx, {
        tenantId,
        actor,
        input: {
          name: 'Acknowledge the web form',
          conditions: [{ field: 'from-domain', operator: 'equals', value: 'forms.example' }],
          actions: [{ type: 'acknowledge' }],
        },
      }),
    );
    const asked = await formMail(`web@forms.example`, form, customer('formuser'));
    expect(asked.requested).toBe(true);
    expect(await sendAcknowledgement(asked.caseId)).toMatchObject({ status: 'sent' });
    await waitUntil(() => sentTo(asked.requester).length > 0);
    expect(sentTo(asked.requester)).toHaveLength(1);

    // The rule matches these too, and still: none.
    const refused = [
      await formMail(`web@forms.example`, form, 'noreply@forms.example'),
      await formMail(`web@forms.example`, form, 'unknown@invalid'),
      await formMail(`web@forms.example`, { ...form, 'List-Id': '<news.forms.example>' }, customer('list')),
      await formMail(`away@forms.example`, { 'Auto-Submitted': 'auto-replied', 'X-Apple-Action': 'VACATION' }),
      await formMail(`web@quiet.example`, form, customer('quiet')),
    ];
    expect(refused.map((r) => r.requested)).toEqual(refused.map(() => false));
    for (const r of refused) {
      const result = await sendAcknowledgement(r.caseId);
      expect(result.status, `${r.requester}: ${result.reason}`).toBe('skipped');
    }
  });

  it('imported cases', async () => {
    const { tenantId, mailbox } = await setup();
    const from = customer('old');
    const c = await newCase(tenantId, mailbox, { from, imported: true });
    expect(await sendAcknowledgement(c.caseId)).toEqual({ status: 'skipped', reason: 'imported' });
    expect(await ackRows(tenantId, c.caseId)).toEqual([]);
    expect(sentTo(from)).toEqual([]);
  });

  it('a case whose first message was auto-generated, and a released ignored message', async () => {
    const { tenantId, mailbox } = await setup();
    const from = customer('robot');
    // Ingestion never opens a case from auto-generated mail; a case that holds one anyway (written
    // here by hand) must still get no acknowledgement.
    const raw = buildMail({
      from,
      to: mailbox.email,
      subject: 'Out of office',
      text: 'away',
      headers: { 'Auto-Submitted': 'auto-replied' },
    });
    const caseId = await withTenant(tenantId, async (tx) => {
      const [r] = await tx
        .insert(rawMessages)
        .values({ tenantId, mailboxId: mailbox.id, sha256: uid(), size: raw.length, content: raw })
        .returning({ id: rawMessages.id });
      const [c] = await tx
        .insert(cases)
        .values({ tenantId, number: 900, subject: 'Out of office', requesterEmail: from, mailboxId: mailbox.id })
        .returning({ id: cases.id });
      await tx.insert(caseMessages).values({
        tenantId,
        caseId: c.id,
        direction: 'in',
        rawMessageId: r.id,
        fromAddress: from,
        subject: 'Out of office',
      });
      return c.id;
    });
    expect(await sendAcknowledgement(caseId)).toEqual({
      status: 'skipped',
      reason: 'auto-generated:header:auto-submitted=auto-replied',
    });

    const ignored = await receiveBuiltMail(tenantId, mailbox, {
      from,
      subject: 'Vacation',
      text: 'away',
      headers: { 'X-Autoreply': 'yes' },
    });
    expect(ignored.outcome).toBe('ignored');
    const released = await withTenant(tenantId, async (tx) => {
      const [row] = await tx
        .select()
        .from(ignoredMessages)
        .where(eq(ignoredMessages.rawMessageId, ignored.rawMessageId));
      return releaseIgnoredMessage(tx, { tenantId, ignoredMessageId: row.id, actor: { kind: 'system' } });
    });
    expect(await sendAcknowledgement(released.caseId)).toEqual({ status: 'skipped', reason: 'released' });
    expect(sentTo(from)).toEqual([]);
  });

  it.each([
    ['noreply', 'noreply'],
    ['no-reply', 'noreply'],
    ['do-not-reply', 'donotreply'],
    ['donotreply', 'donotreply'],
    // Mail from postmaster@/mailer-daemon@ is a bounce and opens no case; as a Reply-To it would.
    ['postmaster', 'postmaster'],
    ['mailer-daemon', 'mailerdaemon'],
  ])('a %s@ requester', async (local, reason) => {
    const { tenantId, mailbox } = await setup();
    const address = `${local}@${uid()}.example`;
    const viaReplyTo = local === 'postmaster' || local === 'mailer-daemon';
    const c = await newCase(
      tenantId,
      mailbox,
      viaReplyTo ? { from: customer('person'), headers: { 'Reply-To': address } } : { from: address },
    );
    expect(await sendAcknowledgement(c.caseId)).toMatchObject({ status: 'skipped', reason: `recipient:${reason}` });
    const [row] = await ackRows(tenantId, c.caseId);
    expect(row).toMatchObject({
      direction: 'system',
      deliveryStatus: 'skipped',
      text: expect.stringContaining(address),
    });
    expect(sentTo(address)).toEqual([]);
  });

  it('an address that is one of our own mailboxes, in this tenant or another', async () => {
    const other = await setup();
    const { tenantId, mailbox } = await setup();
    const c = await newCase(tenantId, mailbox, { from: other.mailbox.email });
    expect(await sendAcknowledgement(c.caseId)).toMatchObject({ status: 'skipped', reason: 'recipient:own-mailbox' });
    expect(sentTo(other.mailbox.email)).toEqual([]);
  });
});

describe('loop protection', () => {
  it('a second new case from the same sender within 24 h gets none; one a day later does', async () => {
    const { tenantId, mailbox } = await setup();
    const from = customer('repeat');
    const t0 = new Date(Date.now() - 3 * 24 * HOUR);
    const first = await newCase(tenantId, mailbox, { from, at: t0 });
    expect((await sendAcknowledgement(first.caseId, { now: t0 })).status).toBe('sent');

    const t1 = new Date(t0.getTime() + 23 * HOUR);
    const second = await newCase(tenantId, mailbox, { from, at: t1 });
    const skipped = await sendAcknowledgement(second.caseId, { now: t1 });
    expect(skipped).toMatchObject({ status: 'skipped', reason: 'rate-limited' });
    expect((await ackRows(tenantId, second.caseId))[0].text).toContain(`(case #${first.caseNumber})`);
    // The decision is kept: asking again later does not change it.
    expect(await sendAcknowledgement(second.caseId, { now: new Date(t1.getTime() + 2 * 24 * HOUR) })).toMatchObject({
      status: 'skipped',
      reason: 'rate-limited',
    });

    const t2 = new Date(t0.getTime() + 25 * HOUR);
    const third = await newCase(tenantId, mailbox, { from, at: t2 });
    expect((await sendAcknowledgement(third.caseId, { now: t2 })).status).toBe('sent');
    await waitUntil(() => sentTo(from).length >= 2);
    expect(sentTo(from).map((m) => m.parsed.subject)).toEqual([
      expect.stringContaining(`#${first.caseNumber}]`),
      expect.stringContaining(`#${third.caseNumber}]`),
    ]);
  });

  it('the window is per mailbox and follows the mailbox’s setting', async () => {
    const { tenantId, mailbox } = await setup({ ackWindowHours: 1 });
    const second = await makeMailboxRow(tenantId, { smtpHost: '127.0.0.1', smtpPort: sink.port, smtpSecurity: 'none' });
    const from = customer('window');
    const t0 = new Date(Date.now() - 3 * 24 * HOUR);
    expect(
      (await sendAcknowledgement((await newCase(tenantId, mailbox, { from, at: t0 })).caseId, { now: t0 })).status,
    ).toBe('sent');
    const other = await newCase(tenantId, second, { from, at: t0 });
    expect((await sendAcknowledgement(other.caseId, { now: t0 })).status).toBe('sent');
    const t1 = new Date(t0.getTime() + 2 * HOUR);
    expect(
      (await sendAcknowledgement((await newCase(tenantId, mailbox, { from, at: t1 })).caseId, { now: t1 })).status,
    ).toBe('sent');
  });

  it('a reflector answering every acknowledgement with a new message, for 10 simulated minutes: one ack reaches it, the breaker trips and is visible', async () => {
    const { tenantId, mailbox } = await setup();
    const reflector = customer('reflector');
    const start = new Date(Date.now() - 2 * 24 * HOUR);
    let clock = start.getTime();
    let delivered = 0;
    const results: string[] = [];

    // The reflector answers each ack that reaches it at once, with a fresh message (no threading
    // headers, no auto-reply markers, a new subject); and, like a mail loop already running with
    // another system, it also sends a new message every 15 seconds on its own.
    const send = async () => {
      const c = await newCase(tenantId, mailbox, {
        from: reflector,
        subject: `Re: your message ${uid()}`,
        at: new Date(clock),
      });
      const r = await sendAcknowledgement(c.caseId, { now: new Date(clock) });
      results.push(r.status === 'skipped' ? r.reason : r.status);
      return r;
    };
    while (clock < start.getTime() + 10 * 60_000) {
      const r = await send();
      if (r.status === 'sent') {
        await waitUntil(() => sentTo(reflector).length > delivered);
        delivered = sentTo(reflector).length;
        clock += 1_000;
        await send();
      }
      clock += 15_000;
    }

    expect(results.length).toBeGreaterThan(FLOOD_THRESHOLD + 5);
    expect(results.filter((s) => s === 'sent')).toHaveLength(1);
    expect(results[0]).toBe('sent');
    expect(results).toContain('rate-limited');
    expect(results.at(-1)).toBe('circuit-breaker');
    await new Promise((r) => setTimeout(r, 200));
    expect(sentTo(reflector)).toHaveLength(1);

    // Visible to the tenant: one audit entry for the trip, and a note on the cases it suppressed.
    const audit = await withTenant(tenantId, (tx) =>
      tx.select().from(auditLog).where(eq(auditLog.action, CIRCUIT_BREAKER_ACTION)),
    );
    expect(audit).toHaveLength(1);
    expect(audit[0].details).toMatchObject({ sender: reflector, mailboxId: mailbox.id });
    const notes = await withTenant(tenantId, (tx) =>
      tx
        .select({ text: caseMessages.text })
        .from(caseMessages)
        .where(and(eq(caseMessages.systemKind, 'acknowledgement'), eq(caseMessages.deliveryError, 'circuit-breaker'))),
    );
    expect(notes.length).toBeGreaterThan(0);
    expect(notes[0].text).toContain(`Circuit breaker tripped for ${reflector}`);
  });
});

describe('outbound server trouble', () => {
  it('a mailbox without SMTP records "not sent: no outbound server" and is not an error', async () => {
    const { tenantId, mailbox } = await setup(null);
    const c = await newCase(tenantId, mailbox, { from: customer('nosmtp') });
    expect(await sendAcknowledgement(c.caseId)).toMatchObject({ status: 'not-sent', reason: NO_OUTBOUND_SERVER });
    expect(await sendAcknowledgement(c.caseId)).toMatchObject({ status: 'not-sent', reason: NO_OUTBOUND_SERVER });
    const rows = await ackRows(tenantId, c.caseId);
    expect(rows).toEqual([
      expect.objectContaining({
        direction: 'out',
        deliveryStatus: 'not-sent',
        deliveryError: NO_OUTBOUND_SERVER,
        messageId: null,
      }),
    ]);
    expect(rows[0].text).toContain('Hello');
  });

  it('an SMTP server that is down: failed with the reason and a retry time; a later call sends it with the same Message-ID', async () => {
    const port = await freePort();
    const { tenantId, mailbox } = await setup({ smtpPort: port });
    const from = customer('down');
    const c = await newCase(tenantId, mailbox, { from });
    const now = new Date();
    const failed = await sendAcknowledgement(c.caseId, { now });
    expect(failed).toMatchObject({
      status: 'failed',
      retry: true,
      reason: `Nothing accepted the connection to the outbound server 127.0.0.1:${port}.`,
    });
    expect(failed.retryAt!.getTime()).toBeGreaterThan(now.getTime());
    const [row] = await ackRows(tenantId, c.caseId);
    expect(row).toMatchObject({ deliveryStatus: 'failed', deliveryError: failed.reason, deliveryAttempts: 1 });

    await withTenant(tenantId, (tx) =>
      tx.update(mailboxes).set({ smtpPort: sink.port }).where(eq(mailboxes.id, mailbox.id)),
    );
    expect(await sendAcknowledgement(c.caseId)).toMatchObject({ status: 'sent' });
    await waitUntil(() => sentTo(from).length > 0);
    expect(sentTo(from)).toHaveLength(1);
    expect(sentTo(from)[0].parsed.messageId).toBe(`<${row.messageId}>`);
    expect((await ackRows(tenantId, c.caseId))[0]).toMatchObject({ deliveryStatus: 'sent', deliveryAttempts: 2 });
  });

  it('a temporary refusal is retried; a permanent one is final', async () => {
    const refusing = await startSmtpSink();
    try {
      const { tenantId, mailbox } = await setup({ smtpPort: refusing.port });
      const c = await newCase(tenantId, mailbox, { from: customer('busy') });
      refusing.refuseWith({ code: 451, message: 'try again later, says internal-host-7' });
      const temporary = await sendAcknowledgement(c.caseId);
      expect(temporary).toMatchObject({ status: 'failed', retry: true });
      expect(temporary.reason).toContain('451');
      expect(temporary.reason).not.toContain('internal-host-7');

      refusing.refuseWith({ code: 550, message: 'no such user here' });
      const permanent = await sendAcknowledgement(c.caseId);
      expect(permanent).toMatchObject({ status: 'failed', retry: false, retryAt: null });
      refusing.refuseWith(undefined);
      expect(await sendAcknowledgement(c.caseId)).toMatchObject({ status: 'failed', retry: false });
      expect(refusing.messages).toEqual([]);
    } finally {
      await refusing.stop();
    }
  });
});
