// Working a case: status/assignee, notes, replies by email through the outbox and an SMTP
// sink, retries, search, counts, and the API routes — against real PostgreSQL.
import { randomBytes } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, caseMessages, mailboxes, outboxEvents } from '@/db/schema';
import { withTenant } from '@/db/tenancy';
import { addNote } from '@/lib/cases/add-note';
import { countCasesByStatus } from '@/lib/cases/count-cases-by-status';
import { getCaseByNumber } from '@/lib/cases/queries/get-case';
import { queueReply } from '@/lib/cases/queue-reply';
import { retryReply } from '@/lib/cases/retry-reply';
import { CANDIDATES, searchCases } from '@/lib/cases/queries/search-cases';
import { sendReply } from '@/lib/cases/send-reply';
import { updateCase } from '@/lib/cases/update-case';
import { verifyOutboundMessageId } from '@/lib/mail/message-id';
import { processOutboxEvent } from '@/lib/outbox/process-outbox-event';
import { PATCH as patchCase } from '@/app/api/v1/cases/[number]/route';
import { POST as postNote } from '@/app/api/v1/cases/[number]/notes/route';
import { POST as postReply } from '@/app/api/v1/cases/[number]/replies/route';
import { GET as getAttachmentRoute } from '@/app/api/v1/attachments/[id]/route';
import { GET as getInlineImage } from '@/app/api/attachments/inline/[token]/route';
import { signInlineImage } from '@/lib/cases/inline-image-token';
import { makeMailboxRow, type TestMailbox } from '@/tests/helpers/receive-mail';
import { receiveNewCase } from '@/tests/helpers/receive-built-mail';
import { apiKeyFor } from '@/tests/helpers/api-key';
import { sendingToSink } from '@/tests/helpers/sink-mailbox';
import { startSmtpSink } from '@/tests/helpers/smtp-sink';
import { makeTenant, type TestTenant } from '@/tests/helpers/tenant';
import { callRoute, type RouteHandler } from '../helpers/call-route';
import { useStarted } from '@/tests/helpers/use-started';

const sink = useStarted(
  () => startSmtpSink({ starttls: false }),
  (started) => started.stop(),
);

const uid = () => randomBytes(4).toString('hex');
const system = { kind: 'system' } as const;

async function setup(smtp: { port?: number } = {}) {
  const tenant = await makeTenant('ws');
  const mailbox = await makeMailboxRow(tenant.tenantId, sendingToSink(smtp.port ?? sink.port, { tlsVerify: false }));
  return { tenant, mailbox };
}

async function newCase(
  t: TestTenant,
  mailbox: TestMailbox,
  subject = `Help ${uid()}`,
  text = 'My order did not arrive.',
) {
  const from = `cust-${uid()}@customer.example`;
  const messageId = `orig-${uid()}@customer.example`;
  const r = await receiveNewCase(t.tenantId, mailbox, {
    from,
    subject,
    text,
    messageId,
    references: [`older-${uid()}@customer.example`],
  });
  return { number: r.caseNumber, from, messageId, subject };
}

async function history(tenantId: string, number: number) {
  return withTenant(tenantId, (tx) => getCaseByNumber(tx, number));
}

type ReplyArgs = Parameters<typeof queueReply>[1];

/** Queues a reply on case `number` (as the owner unless `actor` says otherwise), as the reply box does. */
function queueCaseReply(t: TestTenant, number: number, input: ReplyArgs['input'], actor?: ReplyArgs['actor']) {
  return withTenant(t.tenantId, (tx) =>
    queueReply(tx, {
      tenantId: t.tenantId,
      number,
      input,
      actor: actor ?? { kind: 'user', userId: t.ownerUserId },
    }),
  );
}

describe('status and assignee', () => {
  it('closing and assigning a case records history entries, the audit log and a case.updated event', async () => {
    const { tenant, mailbox } = await setup();
    const c = await newCase(tenant, mailbox);
    const actor = { kind: 'user' as const, userId: tenant.ownerUserId };
    const result = await withTenant(tenant.tenantId, (tx) =>
      updateCase(tx, {
        tenantId: tenant.tenantId,
        number: c.number,
        input: { status: 'closed', assigneeId: tenant.ownerUserId },
        actor,
      }),
    );
    expect(result.status).toBe('closed');
    expect(result.assigneeId).toBe(tenant.ownerUserId);
    expect(result.changed.sort()).toEqual(['assignee', 'status']);
    const after = await history(tenant.tenantId, c.number);
    const system = after.messages.filter((m) => m.direction === 'system');
    expect(system.map((m) => m.systemKind).sort()).toEqual(['assignee', 'status']);
    expect(system.find((m) => m.systemKind === 'status')?.text).toMatch(/from open to closed/);
    expect(after.closedAt).not.toBeNull();
    const [audit, events] = await withTenant(
      tenant.tenantId,
      async (tx) =>
        [
          await tx
            .select()
            .from(auditLog)
            .where(and(eq(auditLog.tenantId, tenant.tenantId), eq(auditLog.action, 'case.updated'))),
          await tx
            .select()
            .from(outboxEvents)
            .where(and(eq(outboxEvents.tenantId, tenant.tenantId), eq(outboxEvents.type, 'case.updated'))),
        ] as const,
    );
    expect(audit).toHaveLength(1);
    expect(audit[0].actorUserId).toBe(tenant.ownerUserId);
    expect(events).toHaveLength(1);
    expect((events[0].payload as any).changes.status).toEqual({ before: 'open', after: 'closed' });
  });

  it('an assignee who is not a member is refused, and setting the same status again changes nothing', async () => {
    const { tenant, mailbox } = await setup();
    const other = await makeTenant('ws-other');
    const c = await newCase(tenant, mailbox);
    await expect(
      withTenant(tenant.tenantId, (tx) =>
        updateCase(tx, {
          tenantId: tenant.tenantId,
          number: c.number,
          input: { assigneeId: other.ownerUserId },
          actor: system,
        }),
      ),
    ).rejects.toThrow(/member/);
    const same = await withTenant(tenant.tenantId, (tx) =>
      updateCase(tx, { tenantId: tenant.tenantId, number: c.number, input: { status: 'open' }, actor: system }),
    );
    expect(same.changed).toEqual([]);
    expect((await history(tenant.tenantId, c.number)).messages.filter((m) => m.direction === 'system')).toHaveLength(0);
  });

  it('another tenant’s case number is not found', async () => {
    const a = await setup();
    const b = await setup();
    const c = await newCase(b.tenant, b.mailbox);
    await expect(
      withTenant(a.tenant.tenantId, (tx) =>
        updateCase(tx, { tenantId: a.tenant.tenantId, number: c.number, input: { status: 'closed' }, actor: system }),
      ),
    ).rejects.toMatchObject({ code: 'not_found' });
    await expect(
      withTenant(a.tenant.tenantId, (tx) =>
        addNote(tx, { tenantId: a.tenant.tenantId, number: c.number, input: { text: 'x' }, actor: system }),
      ),
    ).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('notes', () => {
  it('a note joins the history as a note and is never emailed', async () => {
    const { tenant, mailbox } = await setup();
    const c = await newCase(tenant, mailbox);
    const before = sink.messages.length;
    await withTenant(tenant.tenantId, (tx) =>
      addNote(tx, {
        tenantId: tenant.tenantId,
        number: c.number,
        input: { text: 'Called the customer.' },
        actor: { kind: 'user', userId: tenant.ownerUserId },
      }),
    );
    const h = await history(tenant.tenantId, c.number);
    const note = h.messages.find((m) => m.direction === 'note');
    expect(note?.text).toBe('Called the customer.');
    expect(note?.authorUserId).toBe(tenant.ownerUserId);
    const events = await withTenant(tenant.tenantId, (tx) =>
      tx.select().from(outboxEvents).where(eq(outboxEvents.tenantId, tenant.tenantId)),
    );
    expect(events.some((e) => e.type === 'reply.queued')).toBe(false);
    expect(sink.messages.length).toBe(before);
  });
});

describe('replies by email', () => {
  it('a reply with Cc reaches the Cc recipients too (envelope and header)', async () => {
    const { tenant, mailbox } = await setup();
    const c = await newCase(tenant, mailbox);
    const queued = await queueCaseReply(tenant, c.number, {
      text: 'Looping in finance.',
      cc: 'finance@customer.example',
    });
    expect(queued.cc).toEqual(['finance@customer.example']);
    const count = sink.messages.length;
    await sendReply(queued.id);
    const [mail] = (await sink.waitFor(count + 1)).filter(
      (m) => m.headers.get('message-id') === `<${queued.messageId}>`,
    );
    expect(mail.envelope.to).toEqual([c.from, 'finance@customer.example']);
    expect(mail.headers.get('cc')).toContain('finance@customer.example');
  });

  it('a reply is queued with its outbox event, then sent with In-Reply-To, References, our Message-ID and the case token', async () => {
    const { tenant, mailbox } = await setup();
    const c = await newCase(tenant, mailbox);
    const queued = await queueCaseReply(tenant, c.number, { text: 'We are on it.' });
    expect(queued.deliveryStatus).toBe('queued');
    expect(queued.subject).toBe(`Re: [Case #${c.number}] ${c.subject}`);
    expect(verifyOutboundMessageId(queued.messageId, tenant.tenantId)).toEqual({ caseNumber: c.number });

    const [event] = await withTenant(tenant.tenantId, (tx) =>
      tx
        .select()
        .from(outboxEvents)
        .where(and(eq(outboxEvents.tenantId, tenant.tenantId), eq(outboxEvents.type, 'reply.queued'))),
    );
    expect(event.payload).toMatchObject({ caseMessageId: queued.id });
    const count = sink.messages.length;
    await processOutboxEvent(event);
    const [mail] = (await sink.waitFor(count + 1)).filter(
      (m) => m.headers.get('message-id') === `<${queued.messageId}>`,
    );
    expect(mail.envelope.to).toEqual([c.from]);
    expect(mail.headers.get('in-reply-to')).toBe(`<${c.messageId}>`);
    expect(mail.headers.get('references')).toContain(`<${c.messageId}>`);
    expect(mail.parsed.subject).toBe(`Re: [Case #${c.number}] ${c.subject}`);
    expect(mail.parsed.text?.trim()).toBe('We are on it.');

    const out = (await history(tenant.tenantId, c.number)).messages.find((m) => m.id === queued.id);
    expect(out?.deliveryStatus).toBe('sent');
    // Sending again (a repeated event) does nothing.
    expect(await sendReply(queued.id)).toEqual({ status: 'sent', already: true });
    expect(sink.messages.filter((m) => m.headers.get('message-id') === `<${queued.messageId}>`)).toHaveLength(1);
  });

  it('with the SMTP server down the reply shows failed with a reason, the outbox retries, and Retry after a final failure sends it', async () => {
    const { port: closedPort } = await startSmtpSink({ starttls: false }).then(async (s) => {
      await s.stop();
      return s;
    });
    const { tenant, mailbox } = await setup({ port: closedPort });
    const c = await newCase(tenant, mailbox);
    const queued = await queueCaseReply(tenant, c.number, { text: 'Hello?' }, system);
    const [event] = await withTenant(tenant.tenantId, (tx) =>
      tx
        .select()
        .from(outboxEvents)
        .where(and(eq(outboxEvents.tenantId, tenant.tenantId), eq(outboxEvents.type, 'reply.queued'))),
    );

    // A failure that may pass: the consumer throws, so the outbox keeps the event for another attempt.
    await expect(processOutboxEvent(event)).rejects.toThrow(/Nothing accepted the connection/);
    let row = (await history(tenant.tenantId, c.number)).messages.find((m) => m.id === queued.id)!;
    expect(row.deliveryStatus).toBe('failed');
    expect(row.deliveryError).toMatch(/Nothing accepted the connection/);

    // Attempts run out: the failure is final and the event is done.
    for (let i = 0; i < 4; i++) await processOutboxEvent(event).catch(() => undefined);
    const final = await sendReply(queued.id);
    expect(final).toMatchObject({ status: 'failed', retry: false });
    row = (await history(tenant.tenantId, c.number)).messages.find((m) => m.id === queued.id)!;
    expect(row.deliveryError).toMatch(/Gave up after 5 attempts/);

    // The owner fixes the server; Retry queues it again and it is sent.
    await withTenant(tenant.tenantId, (tx) =>
      tx.update(mailboxes).set({ smtpPort: sink.port }).where(eq(mailboxes.id, mailbox.id)),
    );
    await withTenant(tenant.tenantId, (tx) =>
      retryReply(tx, { tenantId: tenant.tenantId, caseMessageId: queued.id, actor: system }),
    );
    const events = await withTenant(tenant.tenantId, (tx) =>
      tx
        .select()
        .from(outboxEvents)
        .where(and(eq(outboxEvents.tenantId, tenant.tenantId), eq(outboxEvents.type, 'reply.queued'))),
    );
    expect(events).toHaveLength(2);
    await processOutboxEvent(events.find((e) => e.id !== event.id)!);
    row = (await history(tenant.tenantId, c.number)).messages.find((m) => m.id === queued.id)!;
    expect(row.deliveryStatus).toBe('sent');
    expect(sink.messages.some((m) => m.headers.get('message-id') === `<${row.messageId}>`)).toBe(true);
  });

  it('an SMTP authentication failure is shown in our words and is retried', async () => {
    const authSink = await startSmtpSink({ starttls: false, auth: { user: 'agent', pass: 'right' } });
    try {
      const tenant = await makeTenant('ws-auth');
      const mailbox = await makeMailboxRow(
        tenant.tenantId,
        sendingToSink(authSink.port, { login: { tenantId: tenant.tenantId, user: 'agent', pass: 'wrong' } }),
      );
      const c = await newCase(tenant, mailbox);
      const queued = await queueCaseReply(tenant, c.number, { text: 'Hi' }, system);
      const result = await sendReply(queued.id);
      expect(result).toMatchObject({ status: 'failed', retry: true });
      const row = (await history(tenant.tenantId, c.number)).messages.find((m) => m.id === queued.id)!;
      expect(row.deliveryError).toMatch(/did not accept the username and password/);
      expect(row.deliveryError).not.toMatch(/wrong|Invalid username/);
    } finally {
      await authSink.stop();
    }
  });

  it('a reply needs text, and Cc must be addresses', async () => {
    const { tenant, mailbox } = await setup();
    const c = await newCase(tenant, mailbox);
    await expect(queueCaseReply(tenant, c.number, { text: '  ' }, system)).rejects.toThrow(/Write the reply/);
    await expect(queueCaseReply(tenant, c.number, { text: 'x', cc: 'not an address' }, system)).rejects.toThrow(/Cc/);
  });
});

describe('search and counts', () => {
  it('finds cases by subject, requester and message text, ranked, and only in the own tenant', async () => {
    const a = await setup();
    const b = await setup();
    const word = `zebra${uid()}`;
    const bySubject = await newCase(a.tenant, a.mailbox, `Invoice ${word} question`);
    const byText = await newCase(a.tenant, a.mailbox, 'Something else', `I mentioned ${word} in the body`);
    await newCase(a.tenant, a.mailbox, 'Unrelated', 'nothing here');
    await newCase(b.tenant, b.mailbox, `Other tenant ${word}`);

    const hits = await withTenant(a.tenant.tenantId, (tx) => searchCases(tx, { q: word }));
    expect(hits.items.map((h) => h.number).sort()).toEqual([bySubject.number, byText.number].sort());
    expect(hits.items[0].number).toBe(bySubject.number);

    const byRequester = await withTenant(a.tenant.tenantId, (tx) => searchCases(tx, { q: bySubject.from }));
    expect(byRequester.items.map((h) => h.number)).toEqual([bySubject.number]);

    const paged = await withTenant(a.tenant.tenantId, (tx) => searchCases(tx, { q: word, limit: 1 }));
    expect(paged.items).toHaveLength(1);
    const rest = await withTenant(a.tenant.tenantId, (tx) =>
      searchCases(tx, { q: word, limit: 1, cursor: paged.nextCursor! }),
    );
    expect(rest.items.map((h) => h.number)).toEqual([byText.number]);
    expect(rest.nextCursor).toBeNull();

    // Query syntax in the input is text, never tsquery operators or SQL.
    const quoted = await withTenant(a.tenant.tenantId, (tx) => searchCases(tx, { q: `'${word}':* | !(` }));
    expect(quoted.items).toHaveLength(2);
    const sql = await withTenant(a.tenant.tenantId, (tx) => searchCases(tx, { q: `'); drop table cases; --` }));
    expect(sql.items).toEqual([]);
    expect(await withTenant(a.tenant.tenantId, (tx) => searchCases(tx, { q: '&|!:*()' }))).toEqual({
      items: [],
      nextCursor: null,
      order: 'rank',
    });
  });

  it('a word in more cases than can be ranked quickly lists the newest matches first, page after page', async () => {
    const { tenant } = await setup();
    const word = `common${uid()}`;
    const n = CANDIDATES + 50;
    await withTenant(tenant.tenantId, (tx) =>
      tx.execute(sql`insert into cases (tenant_id, number, subject, requester_email, last_activity_at)
                     select ${tenant.tenantId}::uuid, g, ${word} || ' case ' || g, 'bulk@customer.example', now() - make_interval(secs => ${n} - g)
                     from generate_series(1, ${n}) g`),
    );
    const first = await withTenant(tenant.tenantId, (tx) => searchCases(tx, { q: word, limit: 40 }));
    expect(first.order).toBe('recent');
    expect(first.items.map((i) => i.number)).toEqual(Array.from({ length: 40 }, (_, i) => n - i));
    const second = await withTenant(tenant.tenantId, (tx) =>
      searchCases(tx, { q: word, limit: 40, cursor: first.nextCursor! }),
    );
    expect(second.order).toBe('recent');
    expect(second.items[0].number).toBe(n - 40);
    // A rarer word in the same tenant is still ranked.
    const rare = await withTenant(tenant.tenantId, (tx) => searchCases(tx, { q: `${word} 77` }));
    expect(rare.order).toBe('rank');
  });

  it('counts cases per status', async () => {
    const { tenant, mailbox } = await setup();
    const one = await newCase(tenant, mailbox);
    await newCase(tenant, mailbox);
    await withTenant(tenant.tenantId, (tx) =>
      updateCase(tx, { tenantId: tenant.tenantId, number: one.number, input: { status: 'pending' }, actor: system }),
    );
    expect(await withTenant(tenant.tenantId, (tx) => countCasesByStatus(tx))).toEqual({
      open: 1,
      pending: 1,
      closed: 0,
    });
    expect(
      await withTenant(tenant.tenantId, (tx) => countCasesByStatus(tx, { assignee: 'unassigned', imported: true })),
    ).toEqual({ open: 0, pending: 0, closed: 0 });
  });
});

describe('API', () => {
  /** A tenant with an API key and case #1 (with an HTML attachment), and another tenant whose case #2 exists. */
  async function apiFixture() {
    const { tenant, mailbox } = await setup();
    const other = await setup();
    const key = await apiKeyFor(tenant.tenantId);
    const { caseNumber } = await receiveNewCase(tenant.tenantId, mailbox, {
      from: `att-${uid()}@customer.example`,
      subject: 'With a file',
      text: 'see file',
      attachments: [
        { filename: '<script>x.html', contentType: 'text/html', content: Buffer.from('<script>alert(1)</script>') },
      ],
    });
    // The other tenant's case #2 exists; this tenant has no #2.
    await newCase(other.tenant, other.mailbox);
    const otherCase = await newCase(other.tenant, other.mailbox);
    const n = String(caseNumber);
    expect(n).toBe('1');
    return { tenant, other, key, n, caseNumber, otherN: String(otherCase.number) };
  }
  const route = (handler: unknown) => handler as RouteHandler;
  /** A request about case `number` with a JSON body. */
  const onCase = (handler: unknown, key: string, number: string, method: string, json: unknown) =>
    callRoute(route(handler), { key, params: { number }, method, json });

  it('PATCH changes a case; an unknown status is 422 and another tenant’s case number is 404', async () => {
    const { key, n, otherN } = await apiFixture();
    const patched = await onCase(patchCase, key, n, 'PATCH', { status: 'pending' });
    expect(patched.status).toBe(200);
    expect(patched.body.status).toBe('pending');
    expect((await onCase(patchCase, key, n, 'PATCH', { status: 'bogus' })).status).toBe(422);
    expect((await onCase(patchCase, key, otherN, 'PATCH', { status: 'closed' })).status).toBe(404);
  });

  it('POST a note adds it to the case; another tenant’s case number is 404', async () => {
    const { tenant, key, n, otherN } = await apiFixture();
    expect((await onCase(postNote, key, n, 'POST', { text: 'via API' })).status).toBe(201);
    expect((await onCase(postNote, key, otherN, 'POST', { text: 'x' })).status).toBe(404);
    const notes = await withTenant(tenant.tenantId, (tx) =>
      tx.select().from(caseMessages).where(eq(caseMessages.direction, 'note')),
    );
    expect(notes.map((x) => x.text)).toEqual(['via API']);
  });

  it('POST a reply queues it (202); another tenant’s case number is 404', async () => {
    const { key, n, otherN } = await apiFixture();
    const reply = await onCase(postReply, key, n, 'POST', { text: 'via API' });
    expect(reply.status).toBe(202);
    expect(reply.body.deliveryStatus).toBe('queued');
    expect((await onCase(postReply, key, otherN, 'POST', { text: 'x' })).status).toBe(404);
  });

  it('GET an attachment is a nosniff download; with another tenant’s key, or a malformed id, it is 404', async () => {
    const { tenant, other, key, caseNumber } = await apiFixture();
    const h = await history(tenant.tenantId, caseNumber);
    const file = h.messages.flatMap((m) => m.attachments)[0];
    const download = await callRoute(route(getAttachmentRoute), { key, params: { id: file.id } });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(download.headers.get('x-content-type-options')).toBe('nosniff');
    expect(download.headers.get('content-type')).toBe('application/octet-stream');
    expect(download.text).toBe('<script>alert(1)</script>');

    const otherKey = await apiKeyFor(other.tenant.tenantId);
    expect((await callRoute(route(getAttachmentRoute), { key: otherKey, params: { id: file.id } })).status).toBe(404);
    expect((await callRoute(route(getAttachmentRoute), { key: otherKey, params: { id: 'not-a-uuid' } })).status).toBe(
      404,
    );
  });
});

describe('inline images for the email frame', () => {
  const png = Buffer.from(
    '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4a90000000049454e44ae426082',
    'hex',
  );

  it('a signed URL serves a raster cid image with nosniff; SVG, a forged or expired token and another tenant are 404', async () => {
    const { tenant, mailbox } = await setup();
    const { caseNumber } = await receiveNewCase(tenant.tenantId, mailbox, {
      from: `img-${uid()}@customer.example`,
      subject: 'Inline',
      html: '<p>logo <img src="cid:logo@x"> and <img src="cid:vector@x"></p>',
      attachments: [
        { filename: 'logo.png', contentType: 'image/png', contentId: 'logo@x', content: png },
        {
          filename: 'v.svg',
          contentType: 'image/svg+xml',
          contentId: 'vector@x',
          content: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        },
      ],
    });
    const files = (await history(tenant.tenantId, caseNumber)).messages.flatMap((m) => m.attachments);
    const logo = files.find((f) => f.filename === 'logo.png')!;
    const svg = files.find((f) => f.filename === 'v.svg')!;
    const get = (token: string) =>
      getInlineImage(new Request('http://caseflow.test/x'), { params: Promise.resolve({ token }) });

    const ok = await get(signInlineImage({ tenantId: tenant.tenantId, attachmentId: logo.id }));
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('image/png');
    expect(ok.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await ok.arrayBuffer()).equals(png)).toBe(true);

    expect((await get(signInlineImage({ tenantId: tenant.tenantId, attachmentId: svg.id }))).status).toBe(404);
    const other = await makeTenant('ws-img');
    expect((await get(signInlineImage({ tenantId: other.tenantId, attachmentId: logo.id }))).status).toBe(404);
    const token = signInlineImage({ tenantId: tenant.tenantId, attachmentId: logo.id });
    expect((await get(token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A'))).status).toBe(404);
    expect(
      (await get(signInlineImage({ tenantId: tenant.tenantId, attachmentId: logo.id }, Date.now() - 14 * 3600_000)))
        .status,
    ).toBe(404);
  });
});
