// Releasing ignored and quarantined mail to a case, against real PostgreSQL.
import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, caseMessages, cases, ignoredMessages, outboxEvents } from '@/db/schema';
import { withTenant } from '@/db/tenancy';
import { releaseIgnoredMessage } from '@/lib/cases/release-ignored-message';
import { receiveBuiltMail, receiveNewCase } from '@/tests/helpers/receive-built-mail';
import { receiveAutoReply, receiveOversized } from '@/tests/helpers/receive-ignored-mail';
import { makeMailboxRow, receiveMail, type TestMailbox } from '@/tests/helpers/receive-mail';
import { makeTenant } from '@/tests/helpers/tenant';

const uid = () => randomBytes(5).toString('hex');

async function setup() {
  const tenant = await makeTenant('rel');
  const mailbox = await makeMailboxRow(tenant.tenantId);
  return { tenantId: tenant.tenantId, mailbox };
}

async function ignoredRow(tenantId: string, rawMessageId: string) {
  const [row] = await withTenant(tenantId, (tx) =>
    tx.select().from(ignoredMessages).where(eq(ignoredMessages.rawMessageId, rawMessageId)),
  );
  return row;
}

const release = (tenantId: string, ignoredMessageId: string) =>
  withTenant(tenantId, (tx) => releaseIgnoredMessage(tx, { tenantId, ignoredMessageId, actor: { kind: 'cli' } }));

async function history(tenantId: string, caseId: string) {
  return withTenant(tenantId, (tx) =>
    tx
      .select()
      .from(caseMessages)
      .where(eq(caseMessages.caseId, caseId))
      .orderBy(caseMessages.createdAt, caseMessages.id),
  );
}

/** A header field past the field limit: quarantined however often it is parsed (a deep body is salvaged instead). */
function oversizedHeader(): Buffer {
  const lines = [
    'From: deep@customer.example',
    'To: support@acme.test',
    `X-Junk: ${'j'.repeat(300 * 1024)}`,
    'Subject: oversized',
    `Message-ID: <oversized-${uid()}@customer.example>`,
    '',
    'bottom',
  ];
  return Buffer.from(lines.join('\r\n'), 'latin1');
}

/** An auto-reply that threads nowhere, so it is ignored: the outcome and its row. */
async function receiveIgnoredAutoReply(
  t: { tenantId: string; mailbox: TestMailbox },
  from: string,
  subject: string,
  text = 'x',
) {
  const received = await receiveAutoReply(t.tenantId, t.mailbox, { from, subject, text });
  return { received, row: await ignoredRow(t.tenantId, received.rawMessageId) };
}

describe('releaseIgnoredMessage', () => {
  it('an ignored message that threads nowhere opens a new Open case with a release note, and is marked released', async () => {
    const { tenantId, mailbox } = await setup();
    const { received, row } = await receiveIgnoredAutoReply(
      { tenantId, mailbox },
      'Ola <ola@customer.example>',
      'Real question',
      'I am a person',
    );
    expect(received.outcome).toBe('ignored');

    const result = await release(tenantId, row.id);
    expect(result).toMatchObject({
      outcome: 'created',
      caseNumber: 1,
      unreadable: false,
      reopened: false,
      alreadyReleased: false,
    });

    const [c] = await withTenant(tenantId, (tx) => tx.select().from(cases).where(eq(cases.id, result.caseId)));
    expect(c).toMatchObject({
      status: 'open',
      subject: 'Real question',
      requesterEmail: 'ola@customer.example',
      requesterName: 'Ola',
      imported: false,
      mailboxId: mailbox.id,
    });
    const h = await history(tenantId, c.id);
    expect(h).toHaveLength(2);
    expect(h).toContainEqual(
      expect.objectContaining({
        direction: 'in',
        rawMessageId: received.rawMessageId,
        fromAddress: 'ola@customer.example',
        text: expect.stringContaining('I am a person'),
      }),
    );
    expect(h).toContainEqual(
      expect.objectContaining({
        direction: 'system',
        systemKind: 'released',
        text: 'Released from ignored (header:auto-submitted=auto-replied).',
      }),
    );

    const after = await ignoredRow(tenantId, received.rawMessageId);
    expect(after.releasedCaseId).toBe(c.id);
    expect(after.releasedAt).toBeInstanceOf(Date);

    const audit = await withTenant(tenantId, (tx) =>
      tx.select().from(auditLog).where(eq(auditLog.action, 'ignored_message.released')),
    );
    expect(audit).toEqual([expect.objectContaining({ actorKind: 'cli', targetId: row.id })]);
    const events = await withTenant(tenantId, (tx) =>
      tx.select().from(outboxEvents).where(eq(outboxEvents.type, 'case.created')),
    );
    expect(events).toEqual([
      expect.objectContaining({
        payload: expect.objectContaining({ caseId: c.id, released: true, acknowledge: false }),
      }),
    ]);
  });

  it('a released case’s case.created event carries what ingestion’s does: status, priority, tags and assignee', async () => {
    // Used to: release wrote its own case and event, and its case.created lacked status, priority, tags and assignee.
    const spec = (to: string) => ({
      from: 'Ola <ola@customer.example>',
      to,
      subject: 'Same words',
      messageId: `same-${uid()}@customer.example`,
      text: 'A question.',
    });
    const ingested = await setup();
    await receiveBuiltMail(ingested.tenantId, ingested.mailbox, spec(ingested.mailbox.email));
    const released = await setup();
    const noCases = await makeMailboxRow(released.tenantId, { createCases: false });
    const r = await receiveBuiltMail(released.tenantId, noCases, spec(noCases.email));
    expect(r).toMatchObject({ outcome: 'ignored', reason: 'case-creation-disabled' });
    await release(released.tenantId, (await ignoredRow(released.tenantId, r.rawMessageId)).id);

    const created = async (tenantId: string) => {
      const rows = await withTenant(tenantId, (tx) =>
        tx.select().from(outboxEvents).where(eq(outboxEvents.type, 'case.created')),
      );
      expect(rows).toHaveLength(1);
      return rows[0].payload;
    };
    const fromIngestion = await created(ingested.tenantId);
    const fromRelease = await created(released.tenantId);
    const comparable = ({
      caseId: _c,
      mailboxId: _m,
      acknowledge: _a,
      released: _r,
      ...rest
    }: Record<string, unknown>) => rest;
    expect(comparable(fromRelease)).toEqual(comparable(fromIngestion));
    expect(fromRelease).toMatchObject({
      status: 'open',
      priority: 'normal',
      tags: [],
      assigneeId: null,
      mailboxId: noCases.id,
      released: true,
      acknowledge: false,
    });
    expect(fromIngestion).toMatchObject({ mailboxId: ingested.mailbox.id, acknowledge: true });
  });

  it('a released message that replies to a case joins it, and a Closed case reopens', async () => {
    const { tenantId, mailbox } = await setup();
    const firstId = `first-${uid()}@customer.example`;
    const first = await receiveNewCase(tenantId, mailbox, {
      from: 'kim@customer.example',
      subject: 'Broken',
      text: 'help',
      messageId: firstId,
    });
    await withTenant(tenantId, (tx) =>
      tx.update(cases).set({ status: 'closed', closedAt: new Date() }).where(eq(cases.id, first.caseId)),
    );
    const reply = await receiveBuiltMail(tenantId, mailbox, {
      from: 'kim@customer.example',
      to: mailbox.email,
      subject: 'Re: Broken',
      text: 'still broken',
      inReplyTo: firstId,
      headers: { Precedence: 'bulk' },
    });
    expect(reply.outcome).toBe('ignored');

    const result = await release(tenantId, (await ignoredRow(tenantId, reply.rawMessageId)).id);
    expect(result).toMatchObject({
      outcome: 'appended',
      caseId: first.caseId,
      caseNumber: first.caseNumber,
      reopened: true,
    });
    const [c] = await withTenant(tenantId, (tx) => tx.select().from(cases).where(eq(cases.id, first.caseId)));
    expect(c.status).toBe('open');
    const h = await history(tenantId, first.caseId);
    // The ignored reply had left an "auto-reply from …" note on the case when it arrived.
    expect(h.map((m) => `${m.direction}:${m.systemKind ?? ''}`).sort()).toEqual([
      'in:',
      'in:',
      'system:auto-reply',
      'system:released',
      'system:reopened',
    ]);
    expect(h).toContainEqual(
      expect.objectContaining({
        direction: 'in',
        rawMessageId: reply.rawMessageId,
        text: expect.stringContaining('still broken'),
      }),
    );
    expect(await withTenant(tenantId, (tx) => tx.select().from(cases))).toHaveLength(1);
  });

  it('a message quarantined for its size is readable when released', async () => {
    const { tenantId, mailbox } = await setup();
    const r = await receiveOversized(tenantId, mailbox, { from: 'big@customer.example', subject: 'Big one' });
    expect(r.outcome).toBe('quarantined');
    const result = await release(tenantId, (await ignoredRow(tenantId, r.rawMessageId)).id);
    expect(result).toMatchObject({ outcome: 'created', unreadable: false });
    const [c] = await withTenant(tenantId, (tx) => tx.select().from(cases).where(eq(cases.id, result.caseId)));
    expect(c.subject).toBe('Big one');
  });

  it('a quarantined message that still cannot be parsed becomes a case holding the raw text, under the subject its header section gave', async () => {
    const { tenantId, mailbox } = await setup();
    const raw = oversizedHeader();
    const r = await receiveMail(tenantId, mailbox, raw);
    expect(r.outcome).toBe('quarantined');
    const row = await ignoredRow(tenantId, r.rawMessageId);

    const result = await release(tenantId, row.id);
    expect(result).toMatchObject({ outcome: 'created', unreadable: true });
    const [c] = await withTenant(tenantId, (tx) => tx.select().from(cases).where(eq(cases.id, result.caseId)));
    // The header section named it when it was quarantined, so the case keeps that subject.
    expect(c).toMatchObject({ subject: 'oversized', status: 'open' });
    const h = await history(tenantId, c.id);
    const incoming = h.find((m) => m.direction === 'in')!;
    expect(incoming.rawMessageId).toBe(r.rawMessageId);
    expect(incoming.text!.startsWith('From: deep@customer.example\r\nTo: support@acme.test\r\nX-Junk: jjj')).toBe(true);
    expect(incoming.text!.endsWith(`[… cut at ${256 * 1024} of ${raw.length} bytes: see the original]`)).toBe(true);
    expect(h.find((m) => m.direction === 'system')?.text).toMatch(
      new RegExp(`^Released from ignored \\(${row.reason}\\)\\. It could not be read`),
    );
  });

  it('releasing twice returns the first release’s case and opens no second one', async () => {
    const { tenantId, mailbox } = await setup();
    const { id } = (await receiveIgnoredAutoReply({ tenantId, mailbox }, 'twice@customer.example', 'Twice')).row;
    const [a, b] = await Promise.all([release(tenantId, id), release(tenantId, id)]);
    expect(a.caseId).toBe(b.caseId);
    expect([a.alreadyReleased, b.alreadyReleased].sort()).toEqual([false, true]);
    expect(await withTenant(tenantId, (tx) => tx.select().from(cases))).toHaveLength(1);
  });

  it('another tenant’s ignored message is not found', async () => {
    const a = await setup();
    const b = await setup();
    const { id } = (await receiveIgnoredAutoReply(b, 'x@customer.example', 'B')).row;
    await expect(release(a.tenantId, id)).rejects.toMatchObject({ code: 'not_found' });
    const row = await withTenant(b.tenantId, (tx) =>
      tx
        .select()
        .from(ignoredMessages)
        .where(and(eq(ignoredMessages.id, id))),
    );
    expect(row[0].releasedCaseId).toBeNull();
  });
});
