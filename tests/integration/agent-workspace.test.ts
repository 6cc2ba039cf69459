// The agent's workspace in lib/: Home's sections, the list's preview line and per-agent unread marker,
// bulk changes (assign, status, tags, priority) and saved views — against real PostgreSQL.
import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { caseMessages, mailboxes, outboxEvents } from '@/db/schema';
import { withTenant } from '@/db/tenancy';
import { bulkUpdateCases } from '@/lib/cases/bulk-update-cases';
import { updateCase } from '@/lib/cases/update-case';
import { queueReply } from '@/lib/cases/queue-reply';
import { sendReply } from '@/lib/cases/send-reply';
import { undoReply } from '@/lib/cases/undo-reply';
import { processOutboxEvent } from '@/lib/outbox/process-outbox-event';
import { receiveBuiltMail, receiveNewCase } from '@/tests/helpers/receive-built-mail';
import { sendingToSink } from '@/tests/helpers/sink-mailbox';
import { startSmtpSink } from '@/tests/helpers/smtp-sink';
import { getCaseByNumber } from '@/lib/cases/queries/get-case';
import { listCases } from '@/lib/cases/queries/list-cases';
import { countCasesByStatus } from '@/lib/cases/count-cases-by-status';
import { loadHome } from '@/lib/workspace/load-home';
import { loadTriageDetails } from '@/lib/workspace/load-triage-details';
import { markCaseRead } from '@/lib/workspace/mark-case-read';
import { recordHomeVisit, VISIT_GAP_MS } from '@/lib/workspace/record-home-visit';
import { listCannedReplies, saveCannedReply } from '@/lib/workspace/canned-replies';
import { setAgentSignature } from '@/lib/workspace/agent-signature';
import { renderCannedReply } from '@/lib/workspace/render-canned-reply';
import { signUp } from '@/lib/auth/sign-up';
import { deleteSavedView, listSavedViews, saveView } from '@/lib/workspace/saved-views';
import { makeMailboxRow, type TestMailbox } from '@/tests/helpers/receive-mail';
import { makeTenant, type TestTenant } from '@/tests/helpers/tenant';

const uid = () => randomBytes(4).toString('hex');

async function setup() {
  const tenant = await makeTenant('aw');
  const mailbox = await makeMailboxRow(tenant.tenantId, {});
  return { tenant, mailbox };
}

async function mail(
  t: TestTenant,
  mailbox: TestMailbox,
  opts: { text?: string; imported?: boolean; inReplyTo?: string } = {},
) {
  const messageId = `m-${uid()}@customer.example`;
  const r = await receiveBuiltMail(
    t.tenantId,
    mailbox,
    {
      from: `Cust ${uid()} <cust-${uid()}@customer.example>`,
      subject: opts.inReplyTo ? 'Re: question' : `Question ${uid()}`,
      text: opts.text ?? 'Where is my parcel?',
      messageId,
      ...(opts.inReplyTo ? { inReplyTo: opts.inReplyTo, references: [opts.inReplyTo] } : {}),
    },
    { imported: opts.imported },
  );
  return { ...(r as { outcome: string; caseNumber: number }), messageId };
}

const owner = (t: TestTenant) => ({ kind: 'user' as const, userId: t.ownerUserId });

describe('Home', () => {
  it('shows my open cases, unassigned open ones, new mail since my last visit and mailboxes needing attention', async () => {
    const { tenant, mailbox } = await setup();
    const a = await mail(tenant, mailbox);
    const b = await mail(tenant, mailbox);
    await mail(tenant, mailbox, { imported: true });
    await withTenant(tenant.tenantId, (tx) =>
      updateCase(tx, {
        tenantId: tenant.tenantId,
        number: a.caseNumber,
        input: { assigneeId: tenant.ownerUserId },
        actor: owner(tenant),
      }),
    );
    await withTenant(tenant.tenantId, (tx) =>
      tx
        .update(mailboxes)
        .set({ state: 'error', lastError: 'Authentication failed.' })
        .where(eq(mailboxes.id, mailbox.id)),
    );
    const home = await withTenant(tenant.tenantId, (tx) => loadHome(tx, { userId: tenant.ownerUserId, since: null }));
    expect(home.myOpen.count).toBe(1);
    expect(home.myOpen.items.map((c) => c.number)).toEqual([a.caseNumber]);
    expect(home.unassigned.items.map((c) => c.number)).toEqual([b.caseNumber]);
    // The imported case is history, not news.
    expect(home.newSince.items.map((c) => c.number).sort()).toEqual([a.caseNumber, b.caseNumber].sort());
    expect(home.mailboxes).toEqual([
      {
        id: mailbox.id,
        email: mailbox.email,
        state: 'error',
        lastError: 'Authentication failed.',
        quarantined: 0,
        credentials: [],
      },
    ]);

    const later = await withTenant(tenant.tenantId, (tx) =>
      loadHome(tx, { userId: tenant.ownerUserId, since: new Date(Date.now() + 1000) }),
    );
    expect(later.newSince.count).toBe(0);
  });

  it('"since my last visit" is the visit before this one; a reload within the gap does not reset it', async () => {
    const { tenant } = await setup();
    const args = { tenantId: tenant.tenantId, userId: tenant.ownerUserId };
    const t0 = new Date('2026-01-01T10:00:00Z');
    const visit = (now: Date) => withTenant(tenant.tenantId, (tx) => recordHomeVisit(tx, { ...args, now }));
    expect(await visit(t0)).toBeNull();
    // A reload a minute later: still counts from before the first visit (nothing earlier known).
    expect(await visit(new Date(t0.getTime() + 60_000))).toBeNull();
    const t2 = new Date(t0.getTime() + VISIT_GAP_MS + 120_000);
    expect((await visit(t2))?.toISOString()).toBe(new Date(t0.getTime() + 60_000).toISOString());
    expect((await visit(new Date(t2.getTime() + 1000)))?.toISOString()).toBe(
      new Date(t0.getTime() + 60_000).toISOString(),
    );
  });
});

describe('triage details', () => {
  it('a new case is unread for each agent until that agent opens it; a customer reply makes it unread again', async () => {
    const { tenant, mailbox } = await setup();
    const c = await mail(tenant, mailbox, { text: 'First line of the question.\n\nMore detail.' });
    const details = (userId: string) =>
      withTenant(tenant.tenantId, (tx) => loadTriageDetails(tx, { userId, numbers: [c.caseNumber] }));
    const first = (await details(tenant.ownerUserId)).get(c.caseNumber)!;
    expect(first.unread).toBe(true);
    expect(first.preview).toMatch(/^First line of the question\./);

    const caseId = await withTenant(tenant.tenantId, async (tx) => (await getCaseByNumber(tx, c.caseNumber)).id);
    await withTenant(tenant.tenantId, (tx) =>
      markCaseRead(tx, { tenantId: tenant.tenantId, userId: tenant.ownerUserId, caseId }),
    );
    expect((await details(tenant.ownerUserId)).get(c.caseNumber)!.unread).toBe(false);

    // Another member has not opened it: still unread for them (per agent).
    const other = await makeTenant('aw-other');
    expect((await details(other.ownerUserId)).get(c.caseNumber)!.unread).toBe(true);

    await new Promise((r) => setTimeout(r, 20));
    const reply = await mail(tenant, mailbox, { inReplyTo: c.messageId, text: 'Any news?' });
    expect(reply.outcome).toBe('appended');
    const after = (await details(tenant.ownerUserId)).get(c.caseNumber)!;
    expect(after).toEqual({ unread: true, preview: 'Any news?' });
  });

  it('imported history is not unread', async () => {
    const { tenant, mailbox } = await setup();
    const c = await mail(tenant, mailbox, { imported: true });
    const d = await withTenant(tenant.tenantId, (tx) =>
      loadTriageDetails(tx, { userId: tenant.ownerUserId, numbers: [c.caseNumber] }),
    );
    expect(d.get(c.caseNumber)?.unread).toBe(false);
  });
});

describe('bulk changes', () => {
  it('assigns, tags, sets priority and closes three cases at once, each with its own history entry and event', async () => {
    const { tenant, mailbox } = await setup();
    const numbers = [
      (await mail(tenant, mailbox)).caseNumber,
      (await mail(tenant, mailbox)).caseNumber,
      (await mail(tenant, mailbox)).caseNumber,
    ];
    const untouched = (await mail(tenant, mailbox)).caseNumber;
    const bulk = (input: unknown) =>
      withTenant(tenant.tenantId, (tx) =>
        bulkUpdateCases(tx, { tenantId: tenant.tenantId, numbers, input, actor: owner(tenant) }),
      );
    expect(await bulk({ assigneeId: tenant.ownerUserId })).toEqual({ changed: [...numbers].sort((x, y) => x - y) });
    await bulk({ addTags: ['Refund'], priority: 'high' });
    await bulk({ status: 'closed' });

    const list = await withTenant(tenant.tenantId, (tx) => listCases(tx, { tag: 'refund' }));
    expect(list.items.map((c) => c.number).sort()).toEqual([...numbers].sort());
    for (const c of list.items)
      expect(c).toMatchObject({ status: 'closed', priority: 'high', tags: ['refund'], assigneeId: tenant.ownerUserId });
    const counts = await withTenant(tenant.tenantId, (tx) => countCasesByStatus(tx, { tag: 'refund' }));
    expect(counts).toEqual({ open: 0, pending: 0, closed: 3 });
    expect(
      await withTenant(tenant.tenantId, (tx) =>
        countCasesByStatus(tx, { priority: 'high', assignee: tenant.ownerUserId }),
      ),
    ).toEqual({
      open: 0,
      pending: 0,
      closed: 3,
    });

    const one = await withTenant(tenant.tenantId, (tx) => getCaseByNumber(tx, numbers[0]));
    expect(one.messages.filter((m) => m.direction === 'system').map((m) => m.text)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/added refund as tags/),
        expect.stringMatching(/priority from normal to high/),
      ]),
    );
    const other = await withTenant(tenant.tenantId, (tx) => getCaseByNumber(tx, untouched));
    expect(other).toMatchObject({ status: 'open', tags: [], priority: 'normal', assigneeId: null });

    // Removing a tag from some, and a bad tag refuses the whole change.
    await withTenant(tenant.tenantId, (tx) =>
      bulkUpdateCases(tx, {
        tenantId: tenant.tenantId,
        numbers: [numbers[0]],
        input: { removeTags: ['refund'] },
        actor: owner(tenant),
      }),
    );
    expect((await withTenant(tenant.tenantId, (tx) => getCaseByNumber(tx, numbers[0]))).tags).toEqual([]);
    await expect(bulk({ addTags: ['<script>'] })).rejects.toThrow(/letter or digit/);
  });

  it('a case of another tenant cannot be changed by number', async () => {
    const { tenant, mailbox } = await setup();
    const mine = (await mail(tenant, mailbox)).caseNumber;
    const other = await setup();
    const theirs = (await mail(other.tenant, other.mailbox)).caseNumber;
    // Their case number, asked under our tenant: not found unless we have the same number (then ours changes).
    const result = withTenant(tenant.tenantId, (tx) =>
      bulkUpdateCases(tx, {
        tenantId: tenant.tenantId,
        numbers: [theirs],
        input: { status: 'closed' },
        actor: owner(tenant),
      }),
    );
    if (theirs === mine) await result;
    else await expect(result).rejects.toThrow(/no case/);
    const stillOpen = await withTenant(other.tenant.tenantId, (tx) => getCaseByNumber(tx, theirs));
    expect(stillOpen.status).toBe('open');
  });
});

describe('saved views', () => {
  it('are per agent, named once, and drop the page cursor', async () => {
    const { tenant } = await setup();
    const other = await makeTenant('aw-views');
    const save = (userId: string, input: unknown) =>
      withTenant(tenant.tenantId, (tx) => saveView(tx, { tenantId: tenant.tenantId, userId, input }));
    const v = await save(tenant.ownerUserId, { name: 'Refunds', query: '?view=all&tag=refund&cursor=abc' });
    expect(v.query).toBe('view=all&tag=refund');
    await expect(save(tenant.ownerUserId, { name: 'refunds', query: 'view=open' })).rejects.toThrow(
      /already have a view/,
    );
    expect(await withTenant(tenant.tenantId, (tx) => listSavedViews(tx, { userId: tenant.ownerUserId }))).toEqual([
      { id: v.id, name: 'Refunds', query: 'view=all&tag=refund' },
    ]);
    // Someone else cannot delete it.
    await expect(
      withTenant(tenant.tenantId, (tx) => deleteSavedView(tx, { userId: other.ownerUserId, id: v.id })),
    ).rejects.toThrow(/does not exist/);
    await withTenant(tenant.tenantId, (tx) => deleteSavedView(tx, { userId: tenant.ownerUserId, id: v.id }));
    expect(await withTenant(tenant.tenantId, (tx) => listSavedViews(tx, { userId: tenant.ownerUserId }))).toEqual([]);
  });
});

describe('reply all', () => {
  it('copies everyone on the customer’s latest message except the requester and the workspace’s own mailboxes', async () => {
    const { tenant, mailbox } = await setup();
    const alias = await makeMailboxRow(tenant.tenantId, {});
    const { caseNumber: number } = await receiveNewCase(tenant.tenantId, mailbox, {
      from: 'Ana Lima <ana@customer.example>',
      to: [mailbox.email, 'Bo <bo@customer.example>'],
      cc: ['carla@partner.example', alias.email, 'ANA@customer.example'],
      subject: 'Team question',
      text: 'Copying my colleagues.',
    });
    const actor = owner(tenant);
    const queued = await withTenant(tenant.tenantId, (tx) =>
      queueReply(tx, {
        tenantId: tenant.tenantId,
        number,
        input: { text: 'Answer for all', replyAll: true, cc: `dan@partner.example, ${mailbox.email}` },
        actor,
      }),
    );
    expect(queued.to).toBe('ana@customer.example');
    expect([...queued.cc].sort()).toEqual(['bo@customer.example', 'carla@partner.example', 'dan@partner.example']);

    // Without reply all only what was typed is copied — and never our own address.
    const plain = await withTenant(tenant.tenantId, (tx) =>
      queueReply(tx, { tenantId: tenant.tenantId, number, input: { text: 'Just you', cc: alias.email }, actor }),
    );
    expect(plain.cc).toEqual([]);
  });
});

describe('canned replies and signatures', () => {
  it('fill their placeholders for the case, are named once per workspace, and the signature ends an agent’s reply', async () => {
    const { tenant, mailbox } = await setup();
    const actor = owner(tenant);
    const saved = await withTenant(tenant.tenantId, (tx) =>
      saveCannedReply(tx, {
        tenantId: tenant.tenantId,
        input: { name: 'Thanks', body: 'Hi {{requester.first_name}}, about case {{case.number}}: {{unknown}}' },
        actor,
      }),
    );
    await expect(
      withTenant(tenant.tenantId, (tx) =>
        saveCannedReply(tx, { tenantId: tenant.tenantId, input: { name: 'THANKS', body: 'x' }, actor }),
      ),
    ).rejects.toThrow(/exists already/);
    expect(
      renderCannedReply(saved.body, {
        requester: { name: 'Ana Lima', email: 'ana@x.example' },
        caseNumber: 42,
        subject: 's',
        agentName: 'Sam',
      }),
    ).toBe('Hi Ana, about case 42: {{unknown}}');
    // Another tenant does not see it.
    const other = await setup();
    expect(await withTenant(other.tenant.tenantId, (tx) => listCannedReplies(tx))).toEqual([]);

    await withTenant(tenant.tenantId, (tx) =>
      setAgentSignature(tx, {
        tenantId: tenant.tenantId,
        userId: tenant.ownerUserId,
        input: { signature: 'Sam\nSupport' },
      }),
    );
    const c = await mail(tenant, mailbox);
    const reply = await withTenant(tenant.tenantId, (tx) =>
      queueReply(tx, { tenantId: tenant.tenantId, number: c.caseNumber, input: { text: 'Done.' }, actor }),
    );
    const [row] = await withTenant(tenant.tenantId, (tx) =>
      tx.select({ text: caseMessages.text }).from(caseMessages).where(eq(caseMessages.id, reply.id)),
    );
    expect(row.text).toBe('Done.\n\n-- \nSam\nSupport');
  });
});

describe('names at sign-up', () => {
  it('a name given at sign-up is stored and names the agent in assignment history', async () => {
    const suffix = uid();
    const created = await signUp(
      {
        name: 'Ana Lima',
        email: `ana-${suffix}@example.test`,
        password: `pw-${suffix}-long-enough-1`,
        workspaceName: `Names ${suffix}`,
      },
      { send: () => {} },
    );
    const mailbox = await makeMailboxRow(created.tenantId, {});
    const tenant = { ...created, ownerEmail: '', ownerPassword: '' };
    const c = await mail(tenant, mailbox);
    const actor = { kind: 'user' as const, userId: created.ownerUserId };
    await withTenant(created.tenantId, (tx) =>
      updateCase(tx, {
        tenantId: created.tenantId,
        number: c.caseNumber,
        input: { assigneeId: created.ownerUserId },
        actor,
      }),
    );
    const history = await withTenant(created.tenantId, (tx) => getCaseByNumber(tx, c.caseNumber));
    expect(history.messages.map((m) => m.text)).toContain('Ana Lima assigned the case to Ana Lima.');
  });
});

describe('undo send', () => {
  it('a reply waits out the send delay; its author can withdraw it until a sender claims it, and then nothing is sent', async () => {
    const sink = await startSmtpSink({ starttls: false });
    try {
      const tenant = await makeTenant('aw-undo');
      const mailbox = await makeMailboxRow(tenant.tenantId, sendingToSink(sink.port, { tlsVerify: false }));
      const actor = owner(tenant);
      const c = await mail(tenant, mailbox);
      const before = Date.now();
      const queued = await withTenant(tenant.tenantId, (tx) =>
        queueReply(tx, { tenantId: tenant.tenantId, number: c.caseNumber, input: { text: 'Oops, wrong case' }, actor }),
      );
      const [event] = await withTenant(tenant.tenantId, (tx) =>
        tx
          .select()
          .from(outboxEvents)
          .where(and(eq(outboxEvents.tenantId, tenant.tenantId), eq(outboxEvents.type, 'reply.queued'))),
      );
      // Not due before the delay (10 s by default).
      expect(event.nextAttemptAt.getTime()).toBeGreaterThanOrEqual(before + 9_000);
      expect(new Date(queued.sendAt).getTime()).toBe(event.nextAttemptAt.getTime());

      // Someone else cannot withdraw it; its author can.
      const other = await makeTenant('aw-undo-other');
      await expect(
        withTenant(tenant.tenantId, (tx) =>
          undoReply(tx, {
            tenantId: tenant.tenantId,
            caseMessageId: queued.id,
            actor: { kind: 'user', userId: other.ownerUserId },
          }),
        ),
      ).rejects.toThrow(/Only its author/);
      await withTenant(tenant.tenantId, (tx) =>
        undoReply(tx, { tenantId: tenant.tenantId, caseMessageId: queued.id, actor }),
      );
      await processOutboxEvent(event);
      expect(sink.messages).toHaveLength(0);
      const history = await withTenant(tenant.tenantId, (tx) => getCaseByNumber(tx, c.caseNumber));
      expect(history.messages.some((m) => m.id === queued.id)).toBe(false);

      // Once sent, it is too late.
      const second = await withTenant(tenant.tenantId, (tx) =>
        queueReply(tx, { tenantId: tenant.tenantId, number: c.caseNumber, input: { text: 'The right answer' }, actor }),
      );
      expect(await sendReply(second.id)).toEqual({ status: 'sent' });
      await expect(
        withTenant(tenant.tenantId, (tx) =>
          undoReply(tx, { tenantId: tenant.tenantId, caseMessageId: second.id, actor }),
        ),
      ).rejects.toThrow(/Too late to undo/);
      expect(sink.messages).toHaveLength(1);
    } finally {
      await sink.stop();
    }
  });
});
