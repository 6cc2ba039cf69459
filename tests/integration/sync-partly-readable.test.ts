// Nothing anonymous, through a real Dovecot mailbox: a message with a pathological body becomes a
// case with its headers, the text that could be found and a note saying what was left out; one too
// large to parse is quarantined with its sender, subject, date and Message-ID shown in the API and
// CLI; CR-only, LF-only and CRLF copies of a message end the same way.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { GET as getIgnored } from '@/app/api/v1/ignored-messages/route';
import { caseMessages, cases, ignoredMessages, rawMessages } from '@/db/schema';
import { withTenant } from '@/db/tenancy';
import '@/lib/cli/commands/ignored';
import { resetEnvForTests } from '@/lib/env';
import { confirmMailboxImport } from '@/lib/mailboxes/confirm-import';
import { syncMailbox } from '@/lib/mailboxes/sync-mailbox';
import { apiKeyFor } from '../helpers/api-key';
import { buildMail } from '../helpers/mail-builder';
import { makeMailbox } from '../helpers/mailbox-fixture';
import { nestedMultipartLines } from '../helpers/nested-multipart';
import { runCliJson } from '../helpers/run-cli-in-process';
import { useDovecot } from '../helpers/use-dovecot';

const dovecot = useDovecot();

const crlf = (lines: string[]) => Buffer.from(lines.join('\r\n') + '\r\n', 'latin1');

function nested(depth: number): Buffer {
  const headers = [
    'From: Deep Nester <deep@example.org>',
    'To: support@support.test',
    'Subject: Printer on floor 3 is broken',
    'Date: Tue, 3 Jun 2025 10:00:00 +0000',
    'Message-ID: <deep-500@example.org>',
    'MIME-Version: 1.0',
  ];
  const bottom = ['Content-Type: text/plain; charset=utf-8', '', 'The printer on floor 3 prints blank pages.'];
  return crlf(nestedMultipartLines(depth, headers, bottom));
}

async function emptyMailbox(extra: { maxMessageBytes?: number } = {}) {
  const fx = await makeMailbox(dovecot, { protocol: 'imap', starttls: 'off' }, extra);
  await confirmMailboxImport(fx.tenant.tenantId, fx.mailboxId); // nothing inside the import boundary
  return fx;
}

/** The quarantined messages as GET /api/v1/ignored-messages and `ignored list --json` show them. */
async function quarantinedInApiAndCli(tenant: { tenantId: string; slug: string }) {
  const key = await apiKeyFor(tenant.tenantId);
  const res = await getIgnored(
    new Request('http://caseflow.test/api/v1/ignored-messages?outcome=quarantined', {
      headers: { authorization: `Bearer ${key}` },
    }),
    { params: Promise.resolve({}) },
  );
  const body = (await res.json()) as { data: Record<string, unknown>[] };
  const cli = await runCliJson(['ignored', 'list', '--tenant', tenant.slug, '--json']);
  return { api: body.data, cli };
}

describe('mail that cannot be read in full', () => {
  it('a 500-level nested message becomes a case with its subject and text, a note on what was left out, and its original stored exactly', async () => {
    const fx = await emptyMailbox();
    await dovecot.append(fx.user, [nested(500)], { via: 'maildir' });
    const [served] = await dovecot.fetchAll(fx.user);
    const s = await syncMailbox(fx.mailboxId, { untilEmpty: true });
    expect(s.error).toBeUndefined();
    expect(s.created).toBe(1);

    const { kase, history, raw } = await withTenant(fx.tenant.tenantId, async (tx) => {
      const [kase] = await tx.select().from(cases);
      const history = await tx.select().from(caseMessages).where(eq(caseMessages.caseId, kase.id));
      const [raw] = await tx.select().from(rawMessages);
      return { kase, history, raw };
    });
    expect(kase).toMatchObject({
      subject: 'Printer on floor 3 is broken',
      requesterEmail: 'deep@example.org',
      requesterName: 'Deep Nester',
      status: 'open',
    });
    const incoming = history.find((m) => m.direction === 'in')!;
    expect(incoming).toMatchObject({
      text: 'The printer on floor 3 prints blank pages.',
      messageId: 'deep-500@example.org',
      rawMessageId: raw.id,
    });
    expect(incoming.sentAt?.toISOString()).toBe('2025-06-03T10:00:00.000Z');
    const note = history.find((m) => m.direction === 'system' && m.systemKind === 'partly-read');
    expect(note?.text).toContain('nested 500 levels deep (the limit is 50)');
    expect(note?.text).toContain('The original message is kept as received');
    // "View original" serves these bytes: exactly what the server delivered.
    expect(Buffer.compare(raw.content, served.source)).toBe(0);
  });

  it('a message too large to parse is quarantined showing its sender, subject, date and Message-ID in the API and CLI', async () => {
    const fx = await emptyMailbox({ maxMessageBytes: 64 * 1024 });
    const big = Buffer.concat([
      crlf([
        'From: "Big Sender" <big@example.org>',
        'To: support@support.test',
        'Subject: =?UTF-8?Q?Gro=C3=9Fe_Datei?=',
        'Date: Wed, 4 Jun 2025 12:30:00 +0200',
        'Message-ID: <big-1@example.org>',
        '',
      ]),
      Buffer.alloc(100 * 1024, 'x'),
    ]);
    await dovecot.append(fx.user, [big], { via: 'maildir' });
    const s = await syncMailbox(fx.mailboxId, { untilEmpty: true });
    expect(s.quarantined).toBe(1);

    const expected = {
      from: 'big@example.org',
      subject: 'Große Datei',
      sentAt: '2025-06-04T10:30:00.000Z',
      messageId: 'big-1@example.org',
    };
    const [row] = await withTenant(fx.tenant.tenantId, (tx) => tx.select().from(ignoredMessages));
    expect(row).toMatchObject({ outcome: 'quarantined', fromName: 'Big Sender' });
    expect(row.reason).toMatch(/^too-large:/);

    const { api, cli } = await quarantinedInApiAndCli(fx.tenant);
    expect(api).toEqual([expect.objectContaining({ ...expected, fromName: 'Big Sender' })]);
    expect(cli.code).toBe(0);
    expect(cli.json).toEqual([expect.objectContaining({ ...expected, kind: 'quarantined' })]);
  });

  it('a message whose reading runs over the budget is quarantined processing-timeout showing its sender, subject, date and Message-ID in the API and CLI', async () => {
    // Used to show an anonymous row: the worker was stopped, and with it everything it had read.
    const fx = await emptyMailbox();
    const unit =
      '<div style="color:#123"><b>x</b><a href="https://e.example/">y</a><img src="https://t.example/p.gif"></div>';
    const heavy = buildMail({
      from: 'Heavy Sender <heavy@example.org>',
      to: fx.address,
      subject: 'Schwere Nachricht',
      messageId: 'heavy-1@example.org',
      date: new Date('2025-06-05T08:15:00Z'),
      html: unit.repeat(Math.ceil(1_000_000 / unit.length)), // sanitizing it takes several seconds
    });
    await dovecot.append(fx.user, [heavy], { via: 'maildir' });
    const budget = process.env.MESSAGE_BUDGET_MS;
    process.env.MESSAGE_BUDGET_MS = '100'; // far below the seconds sanitizing takes, on any machine
    resetEnvForTests();
    try {
      const s = await syncMailbox(fx.mailboxId, { untilEmpty: true });
      expect({ created: s.created, quarantined: s.quarantined }).toEqual({ created: 0, quarantined: 1 });
    } finally {
      if (budget === undefined) delete process.env.MESSAGE_BUDGET_MS;
      else process.env.MESSAGE_BUDGET_MS = budget;
      resetEnvForTests();
    }

    const expected = {
      from: 'heavy@example.org',
      fromName: 'Heavy Sender',
      subject: 'Schwere Nachricht',
      sentAt: '2025-06-05T08:15:00.000Z',
      messageId: 'heavy-1@example.org',
      reason: 'processing-timeout',
    };
    const { api, cli } = await quarantinedInApiAndCli(fx.tenant);
    expect(api).toEqual([expect.objectContaining(expected)]);
    expect(cli.code).toBe(0);
    const { fromName: _name, ...inCli } = expected;
    expect(cli.json).toEqual([expect.objectContaining({ ...inCli, kind: 'quarantined' })]);
  });

  it('CR-only, LF-only and CRLF copies of a message and of a delivery report end the same way', async () => {
    const fx = await emptyMailbox();
    const human = (id: string) =>
      'From: Ana <ana@example.com>\r\nTo: support@support.test\r\n' +
      'Subject: =?UTF-8?Q?Factura_de_junio?=\r\n\tsin recibir\r\n' +
      `Message-ID: <${id}@example.com>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n` +
      'Hola,\r\nla factura no ha llegado.\r\n';
    const dsn = (id: string) =>
      'From: MAILER-DAEMON@mx.example.net\r\nTo: support@support.test\r\nSubject: Undelivered Mail Returned to Sender\r\n' +
      `Message-ID: <${id}@mx.example.net>\r\nMIME-Version: 1.0\r\n` +
      'Content-Type: multipart/report; report-type=delivery-status; boundary="r"\r\n\r\n' +
      '--r\r\nContent-Type: text/plain\r\n\r\nThe mail could not be delivered.\r\n' +
      '--r\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example.net\r\n\r\n' +
      'Final-Recipient: rfc822; gone@example.org\r\nAction: failed\r\nStatus: 5.1.1\r\n\r\n--r--\r\n';
    const endings = {
      crlf: (t: string) => t,
      lf: (t: string) => t.replace(/\r\n/g, '\n'),
      cr: (t: string) => t.replace(/\r\n/g, '\r'),
    };
    const messages = Object.entries(endings).flatMap(([name, to]) => [
      Buffer.from(to(human(`human-${name}`))),
      Buffer.from(to(dsn(`dsn-${name}`))),
    ]);
    await dovecot.append(fx.user, messages, { via: 'maildir' });
    const s = await syncMailbox(fx.mailboxId, { untilEmpty: true });
    expect(s.error).toBeUndefined();
    expect({ created: s.created, ignored: s.ignored, quarantined: s.quarantined }).toEqual({
      created: 3,
      ignored: 3,
      quarantined: 0,
    });
    const rows = await withTenant(fx.tenant.tenantId, async (tx) => ({
      cases: await tx.select().from(cases),
      texts: await tx.select({ text: caseMessages.text }).from(caseMessages).where(eq(caseMessages.direction, 'in')),
      ignored: await tx.select().from(ignoredMessages),
    }));
    expect(rows.cases.map((c) => c.subject)).toEqual(Array(3).fill('Factura de junio sin recibir'));
    expect(rows.texts.map((t) => t.text?.trim())).toEqual(Array(3).fill('Hola,\nla factura no ha llegado.'));
    expect(rows.ignored.map((r) => [r.kind, r.subject])).toEqual(
      Array(3).fill(['bounce', 'Undelivered Mail Returned to Sender']),
    );
  });
});
