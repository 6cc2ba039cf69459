// The test Dovecot and the mail builder do what other tests rely on.
import net from 'node:net';
import { ImapFlow } from 'imapflow';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { startDovecot } from '../helpers/dovecot';
import { buildMail, buildMailbox, buildMailboxEntries } from '../helpers/mail-builder';
import { useDovecot } from '../helpers/use-dovecot';

const dovecot = useDovecot();

const mail = (i: number, extra: Partial<Parameters<typeof buildMail>[0]> = {}) =>
  buildMail({
    from: `sender${i}@example.org`,
    to: 'support@caseflow.test',
    subject: `message ${i}`,
    text: `body ${i}`,
    messageId: `h${i}@example.org`,
    date: new Date(Date.UTC(2024, 0, 1, 0, i)),
    ...extra,
  });

const accepts = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port });
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });

describe('test Dovecot', () => {
  it('listens on four distinct loopback ports and presents a localhost certificate', async () => {
    const ports = Object.values(dovecot.ports);
    expect(new Set(ports).size).toBe(4);
    for (const port of ports) expect(await accepts(port)).toBe(true);
    expect(dovecot.caPem).toContain('BEGIN CERTIFICATE');
  });

  it('messages appended over IMAP are counted, listed by UID and served back byte for byte', async () => {
    const { user } = await dovecot.addUser();
    const messages = [
      mail(1),
      mail(2, { text: 'Grüße\n.a line starting with a dot', charset: 'windows-1252' }),
      mail(3),
    ];
    await dovecot.append(user, messages);
    expect(await dovecot.count(user)).toBe(3);
    expect(await dovecot.listUids(user)).toEqual([1, 2, 3]);
    const served = await dovecot.fetchAll(user);
    served.forEach((m, i) => expect(m.source.equals(messages[i])).toBe(true));
  });

  it('the maildir fast path keeps the order and the exact bytes of many messages', async () => {
    const { user } = await dovecot.addUser();
    const messages = buildMailbox(120, 42);
    await dovecot.append(user, messages, { via: 'maildir' });
    const served = await dovecot.fetchAll(user);
    expect(served.map((m) => m.uid)).toEqual(messages.map((_, i) => i + 1));
    served.forEach((m, i) => expect(m.source.equals(messages[i])).toBe(true));
  });

  it('users have separate mailboxes', async () => {
    const a = await dovecot.addUser();
    const b = await dovecot.addUser();
    await dovecot.append(a.user, [mail(10), mail(11)]);
    expect(await dovecot.count(a.user)).toBe(2);
    expect(await dovecot.count(b.user)).toBe(0);
  });

  it('flagDeleted sets \\Deleted without expunging', async () => {
    const { user, password } = await dovecot.addUser();
    await dovecot.append(user, [mail(20), mail(21), mail(22)]);
    await dovecot.flagDeleted(user, [1, 3]);
    expect(await dovecot.count(user)).toBe(3);
    const client = new ImapFlow({
      host: dovecot.host,
      port: dovecot.ports.imap,
      secure: false,
      doSTARTTLS: false,
      auth: { user, pass: password },
      logger: false,
    });
    await client.connect();
    try {
      await client.mailboxOpen('INBOX', { readOnly: true });
      const flags: Record<number, boolean> = {};
      for await (const m of client.fetch('1:*', { uid: true, flags: true }))
        flags[m.uid] = m.flags?.has('\\Deleted') ?? false;
      expect(flags).toEqual({ 1: true, 2: false, 3: true });
    } finally {
      await client.logout();
    }
  });

  it('recreateInbox changes UIDVALIDITY and numbers the same messages from 1 again', async () => {
    const { user } = await dovecot.addUser();
    await dovecot.append(user, [mail(30), mail(31), mail(32)]);
    await dovecot.flagDeleted(user, [1]);
    const before = await dovecot.status(user);
    const sourcesBefore = (await dovecot.fetchAll(user)).map((m) => m.source);
    await dovecot.recreateInbox(user);
    const after = await dovecot.status(user);
    expect(after.uidValidity).not.toBe(before.uidValidity);
    expect(await dovecot.listUids(user)).toEqual([1, 2, 3]);
    const sourcesAfter = (await dovecot.fetchAll(user)).map((m) => m.source);
    sourcesAfter.forEach((s, i) => expect(s.equals(sourcesBefore[i])).toBe(true));

    await dovecot.recreateInbox(user, { keepMessages: false });
    expect(await dovecot.count(user)).toBe(0);
  });

  it('a wrong password is refused and the right one still works right after', async () => {
    const { user, password } = await dovecot.addUser();
    const login = async (pass: string) => {
      const client = new ImapFlow({
        host: dovecot.host,
        port: dovecot.ports.imap,
        secure: false,
        doSTARTTLS: false,
        auth: { user, pass },
        logger: false,
      });
      try {
        await client.connect();
        await client.logout();
        return true;
      } catch {
        client.close();
        return false;
      }
    };
    expect(await login('wrong')).toBe(false);
    dovecot.clearAuthPenalty();
    expect(await login(password)).toBe(true);
  });

  it('IMAPS and STARTTLS accept a client trusting caPem', async () => {
    const { user, password } = await dovecot.addUser();
    for (const [port, secure] of [
      [dovecot.ports.imaps, true],
      [dovecot.ports.imap, false],
    ] as const) {
      const client = new ImapFlow({
        host: 'localhost',
        port,
        secure,
        doSTARTTLS: secure ? undefined : true,
        tls: { ca: [dovecot.caPem] },
        auth: { user, pass: password },
        logger: false,
      });
      await client.connect();
      expect(client.secureConnection).toBe(true);
      await client.logout();
    }
  });

  it('stop() ends the instance and frees its ports', async () => {
    const other = await startDovecot();
    expect(other.ports.pop3).not.toBe(dovecot.ports.pop3);
    await other.stop();
    for (const port of Object.values(other.ports)) expect(await accepts(port)).toBe(false);
  });
});

describe('mail builder', () => {
  it('is deterministic given a Message-ID and a date', () => {
    expect(mail(1).equals(mail(1))).toBe(true);
    expect(mail(1).equals(mail(2))).toBe(false);
  });

  it('writes CRLF lines, RFC 2047 subjects and multiparts mailparser reads back', async () => {
    const raw = buildMail({
      from: 'Chloé Dubois <chloe@example.org>',
      to: ['a@example.org', 'Smith, John <john@example.org>'],
      subject: 'Größenänderung — 日本語のテスト and a long tail to need several encoded words',
      text: 'Grüße €',
      html: '<p>Hi <img src="cid:logo1"></p>',
      charset: 'windows-1252',
      attachments: [
        { filename: 'résumé.pdf', contentType: 'application/pdf', content: Buffer.from('%PDF-1.4') },
        { filename: 'logo.png', contentType: 'image/png', content: Buffer.from([1, 2, 3]), contentId: 'logo1' },
      ],
    });
    expect(raw.toString('latin1')).not.toMatch(/[^\r]\n/);
    expect(raw.includes(Buffer.from([0x80]))).toBe(true); // € in windows-1252, 8bit
    const parsed = await simpleParser(raw);
    expect(parsed.subject).toBe('Größenänderung — 日本語のテスト and a long tail to need several encoded words');
    expect(parsed.from?.value[0]).toEqual({ address: 'chloe@example.org', name: 'Chloé Dubois' });
    expect(parsed.text?.trim()).toBe('Grüße €');
    expect(parsed.attachments.map((a) => [a.filename, a.contentType, a.contentId ?? null])).toEqual([
      ['logo.png', 'image/png', '<logo1>'],
      ['résumé.pdf', 'application/pdf', null],
    ]);
  });

  it('buildMailbox gives distinct messages, some auto-replies and bounces, the same for the same seed', async () => {
    const entries = buildMailboxEntries(80, 5);
    expect(new Set(entries.map((e) => e.raw.toString('hex'))).size).toBe(80);
    expect(entries.some((e) => e.kind === 'auto-reply')).toBe(true);
    expect(entries.some((e) => e.kind === 'bounce')).toBe(true);
    expect(buildMailbox(80, 5).every((raw, i) => raw.equals(entries[i].raw))).toBe(true);
    const bounce = await simpleParser(entries.find((e) => e.kind === 'bounce')!.raw);
    expect(bounce.headers.get('content-type')).toMatchObject({
      value: 'multipart/report',
      params: { 'report-type': 'delivery-status' },
    });
    const autoReply = await simpleParser(entries.find((e) => e.kind === 'auto-reply')!.raw);
    expect(autoReply.headers.get('auto-submitted')).toBe('auto-replied');
  });
});
