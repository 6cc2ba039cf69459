import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyMessage } from '@/lib/mail/classify';
import { parseMessage } from '@/lib/mail/parse';
import type { Classification, ParsedMessage } from '@/lib/mail/types';

async function parse(raw: Buffer | string): Promise<ParsedMessage> {
  const result = await parseMessage(Buffer.isBuffer(raw) ? raw : Buffer.from(raw.replace(/\r?\n/g, '\r\n'), 'utf8'));
  if (!result.ok) throw new Error(result.reason);
  return result.message;
}
const fixture = (name: string) => parse(readFileSync(path.resolve(__dirname, '../fixtures/mail', name)));

/** A person's message with extra header lines. */
const person = (headers: string, subject = 'Question about my order', body = 'Hello, where is my parcel?') =>
  parse(
    `From: Rita Ames <rita@example.com>\nTo: support@acme.test\nSubject: ${subject}\nMessage-ID: <r1@example.com>\n${headers}${headers ? '\n' : ''}\n${body}\n`,
  );

/** Each row: the header lines of a person's message → what classifyMessage says of it (the fields named). */
async function expectPersonClassified(rows: [headers: string, expected: Partial<Classification>][]) {
  for (const [headers, expected] of rows)
    expect(classifyMessage(await person(headers)), headers).toMatchObject(expected);
}

describe('classifyMessage: bounces', () => {
  it.each([
    {
      title: 'a Postfix bounce names our Message-ID from the returned headers and the failed recipient',
      file: 'auto/postfix-bounce.eml',
      expected: {
        verdict: 'auto-generated',
        kind: 'bounce',
        reason: 'report:delivery-status',
        deliveryAction: 'failed',
        referencedMessageIds: ['cf.12.0a1b2c3d4e5f6071.8899aabbccddeeff00112233@acme.test'],
        failedRecipients: ['j.doe@example.net'],
      },
    },
    {
      title: 'an Exim bounce takes X-Failed-Recipients and the Message-ID quoted in the body',
      file: 'auto/exim-bounce.eml',
      expected: {
        kind: 'bounce',
        reason: 'header:x-failed-recipients',
        failedRecipients: ['k.owen@gone.example.co.uk'],
        referencedMessageIds: ['cf.7.5566778899aabbcc.00112233445566778899aabb@acme.test'],
      },
    },
    {
      title: 'a qmail bounce from MAILER-DAEMON yields the recipient and Message-ID from its plain text',
      file: 'auto/qmail-bounce.eml',
      expected: {
        kind: 'bounce',
        reason: 'sender:mailer-daemon',
        failedRecipients: ['webmaster@oldhost.example'],
        referencedMessageIds: ['cf.3.0f1e2d3c4b5a6978.8796a5b4c3d2e1f00f1e2d3c@acme.test'],
      },
    },
    {
      title: 'an Exchange Online NDR combines In-Reply-To and the attached original, without duplicates',
      file: 'auto/exchange-online-ndr.eml',
      expected: {
        referencedMessageIds: ['cf.58.3c4d5e6f708192a3.b4c5d6e7f8091a2b3c4d5e6f@acme.test'],
        failedRecipients: ['m.garcia@contoso.com'],
      },
    },
  ])('$title', async ({ file, expected }) => {
    // toMatchObject compares arrays whole: the Message-IDs and recipients are exactly these, in this order.
    expect(classifyMessage(await fixture(file))).toMatchObject(expected);
  });

  it.each(['auto/postfix-delay.eml', 'auto/sendmail-delay.eml', 'auto/gmail-delay.eml', 'auto/exchange-delay.eml'])(
    'a delay notice is a bounce marked delayed, with no failed recipients (%s)',
    async (name) => {
      const c = classifyMessage(await fixture(name));
      expect({ kind: c.kind, action: c.deliveryAction, failed: c.failedRecipients }).toEqual({
        kind: 'bounce',
        action: 'delayed',
        failed: [],
      });
      expect(c.delayedRecipients?.length).toBe(1);
    },
  );

  it('a bounce forwarded by a person as an attachment is normal mail', async () => {
    expect(classifyMessage(await fixture('normal/forwarded-bounce-attachment.eml'))).toEqual({
      verdict: 'normal',
      kind: 'normal',
      reason: 'normal',
    });
  });

  it('a delivery-status part attached by a person outside a report is not a bounce', async () => {
    const msg = await parse(
      'From: Rita <rita@example.com>\nSubject: see attached status\nContent-Type: multipart/mixed; boundary="m"\n\n--m\nContent-Type: text/plain\n\nWhat does this mean?\n--m\nContent-Type: message/delivery-status\n\nFinal-Recipient: rfc822; x@example.org\nAction: failed\n--m--\n',
    );
    expect(msg.partTypes).toContain('message/delivery-status');
    expect(classifyMessage(msg).verdict).toBe('normal');
  });
});

describe('classifyMessage: auto-replies and vacations', () => {
  it('Auto-Submitted other than "no" is auto-generated; "no" is not', async () => {
    await expectPersonClassified([
      ['Auto-Submitted: auto-replied', { verdict: 'auto-generated', reason: 'header:auto-submitted=auto-replied' }],
      ['Auto-Submitted: auto-notified', { reason: 'header:auto-submitted=auto-notified' }],
      ['Auto-Submitted: No', { verdict: 'normal', reason: 'normal' }],
    ]);
  });

  it('each X-Autoreply style header marks an auto-reply, unless it says no', async () => {
    for (const name of ['X-Autoreply', 'X-Autorespond', 'X-Autoresponse', 'X-AutoReply-From', 'X-Mail-Autoreply']) {
      expect(classifyMessage(await person(`${name}: yes`)).reason).toBe(`header:${name.toLowerCase()}`);
    }
    expect(classifyMessage(await person('X-Autoreply: no')).verdict).toBe('normal');
  });

  it('Precedence bulk, junk and list mark lists; auto_reply marks an auto-reply; other values are normal', async () => {
    await expectPersonClassified([
      ['Precedence: bulk', { kind: 'list', reason: 'header:precedence=bulk' }],
      ['Precedence: junk', { kind: 'list', reason: 'header:precedence=junk' }],
      ['X-Precedence: list', { kind: 'list', reason: 'header:x-precedence=list' }],
      ['Precedence: auto_reply', { kind: 'auto-reply', reason: 'header:precedence=auto_reply' }],
      ['Precedence: first-class', { verdict: 'normal' }],
    ]);
  });

  it('the vacation comment of Auto-Submitted makes a vacation without any wording', async () => {
    const c = classifyMessage(await person('Auto-Submitted: auto-replied (vacation)', 'Re: Question', 'Thanks.'));
    expect(c.kind).toBe('vacation');
  });

  it.each([
    'Out of Office',
    'Abwesenheitsnotiz',
    'Réponse automatique : Re: x',
    'Fuera de la oficina',
    '自動応答: x',
    '不在',
  ])('out-of-office wording picks vacation over auto-reply once a header fired (%s)', async (subject) => {
    expect(classifyMessage(await person('Auto-Submitted: auto-replied', subject, 'x')).kind).toBe('vacation');
  });

  it('without out-of-office wording a message whose header fired stays an auto-reply', async () => {
    expect(
      classifyMessage(await person('Auto-Submitted: auto-replied', 'We received your request', 'Ticket 5 opened.'))
        .kind,
    ).toBe('auto-reply');
  });

  it('X-Auto-Response-Suppress needs the Exchange rules-loop header or an OOF subject', async () => {
    await expectPersonClassified([['X-Auto-Response-Suppress: All', { verdict: 'normal' }]]);
    expect(classifyMessage(await person('X-Auto-Response-Suppress: All', 'Automatic reply: Question')).reason).toBe(
      'exchange:auto-response-suppress+oof-subject',
    );
    expect(
      classifyMessage(await person('X-Auto-Response-Suppress: All\nX-MS-Exchange-Inbox-Rules-Loop: rita@example.com'))
        .reason,
    ).toBe('exchange:auto-response-suppress+inbox-rules-loop');
  });

  it.each([
    'Automatic reply: your app',
    'Out of Office: notes from our offsite',
    'Undeliverable: my parcel',
    'Abwesenheitsnotiz einrichten?',
  ])('wording alone never makes a message auto-generated (%s)', async (subject) => {
    expect(classifyMessage(await person('', subject, 'I was out of office; mail delivery failed twice.')).verdict).toBe(
      'normal',
    );
  });

  it('an auto-reply refers to the messages in its In-Reply-To and References', async () => {
    const c = classifyMessage(await fixture('auto/sieve-vacation.eml'));
    expect(c).toMatchObject({
      kind: 'vacation',
      referencedMessageIds: ['cf.28.6f708192a3b4c5d6.e7f8091a2b3c4d5e6f708192@acme.test'],
    });
  });

  it('a read receipt is auto-generated and refers to Original-Message-ID', async () => {
    const c = classifyMessage(await fixture('auto/read-receipt-outlook.eml'));
    expect(c).toMatchObject({
      verdict: 'auto-generated',
      kind: 'auto-reply',
      reason: 'report:disposition-notification',
    });
    expect(c.referencedMessageIds).toEqual(['cf.40.b4c5d6e7f8091a2b.3c4d5e6f708192a3b4c5d6e7@acme.test']);
  });

  it('a request for a read receipt (Disposition-Notification-To) is normal', async () => {
    await expectPersonClassified([['Disposition-Notification-To: rita@example.com', { verdict: 'normal' }]]);
  });

  it('Return-Path <> marks machine mail; a real return path does not', async () => {
    await expectPersonClassified([
      ['Return-Path: <>', { verdict: 'auto-generated', reason: 'header:return-path=<>' }],
      ['Return-Path: <rita@example.com>', { verdict: 'normal' }],
    ]);
    expect(classifyMessage(await person('Return-Path: <>', 'Undeliverable: Question'))).toMatchObject({
      kind: 'bounce',
    });
  });
});

describe('classifyMessage: lists and loops', () => {
  it('List-Id and List-Unsubscribe mark list mail', async () => {
    await expectPersonClassified([
      ['List-Id: <news.example.com>', { kind: 'list', reason: 'list:list-id' }],
      ['List-Unsubscribe: <mailto:leave@example.com>', { kind: 'list', reason: 'list:list-unsubscribe' }],
    ]);
  });

  it('our loop header marks a loop, under its default or a configured name', async () => {
    await expectPersonClassified([
      ['X-Caseflow-Loop: t1', { kind: 'loop', reason: 'loop:own-header' }],
      ['X-Helpdesk-Loop: 1', { verdict: 'normal' }],
    ]);
    expect(classifyMessage(await person('X-Helpdesk-Loop: 1'), { loopHeader: 'X-Helpdesk-Loop' }).reason).toBe(
      'loop:own-header',
    );
  });

  it('a message carrying one of our Message-IDs as its own is a loop; quoting one is not', async () => {
    const ours = await parse('From: someone@example.org\nMessage-ID: <cf.9.aa@mail.acme.test>\nSubject: x\n\nx\n');
    expect(classifyMessage(ours, { ownMessageIdDomains: ['Mail.Acme.Test'] }).reason).toBe('loop:own-message-id');
    expect(classifyMessage(ours, { isOwnMessageId: (id) => id === 'cf.9.aa@mail.acme.test' }).reason).toBe(
      'loop:own-message-id',
    );
    expect(classifyMessage(ours).verdict).toBe('normal');
    const reply = await person('In-Reply-To: <cf.9.aa@mail.acme.test>');
    expect(classifyMessage(reply, { ownMessageIdDomains: ['mail.acme.test'] }).verdict).toBe('normal');
  });

  it('mail from one of our own addresses is a loop', async () => {
    const msg = await parse('From: Support <SUPPORT@acme.test>\nSubject: x\n\nx\n');
    expect(classifyMessage(msg, { ownAddresses: ['support@acme.test'] }).reason).toBe('loop:own-address');
    expect(classifyMessage(msg, { ownAddresses: ['sales@acme.test'] }).verdict).toBe('normal');
  });
});

describe('classifyMessage: hostile bounce bodies', () => {
  it('a bounce body of "<" and 48,000 "a@" classifies in milliseconds (used to backtrack for seconds)', async () => {
    const msg = await parse(
      `From: MAILER-DAEMON@example.org\nTo: support@acme.test\nSubject: Undelivered Mail Returned to Sender\n\n<${'a@'.repeat(48_000)}\n`,
    );
    const started = performance.now();
    const c = classifyMessage(msg);
    expect(performance.now() - started).toBeLessThan(200);
    expect(c.kind).toBe('bounce');
  });
});

describe('classifyMessage: senders without an address', () => {
  it('From: <> on a message that returns a message is a bounce; a person whose client lost the address is not', async () => {
    const bounce = await parse(
      'From: <>\nTo: support@acme.test\nSubject: Returned mail\nContent-Type: multipart/mixed; boundary="m"\n\n--m\nContent-Type: text/plain\n\nSee below.\n--m\nContent-Type: message/rfc822\n\nFrom: support@acme.test\nMessage-ID: <o1@acme.test>\n\nhi\n--m--\n',
    );
    expect(classifyMessage(bounce)).toMatchObject({ kind: 'bounce', reason: 'sender:null' });
    const person = await parse('From: Rita\nTo: support@acme.test\nSubject: My order\n\nWhere is it?\n');
    expect(classifyMessage(person).verdict).toBe('normal');
  });

  it("a Japanese carrier's error notice from a no-reply sender outside the carrier domains is a bounce", async () => {
    const msg = await parse(
      'From: no-reply@mail.carrier-gw.example\nTo: support@acme.test\nSubject: =?UTF-8?B?44Oh44O844Or44Ko44Op44O86YCa55+l?=\nContent-Type: multipart/mixed; boundary="m"\n\n--m\nContent-Type: text/plain; charset=utf-8\n\nerror\n--m\nContent-Type: message/rfc822\n\nFrom: support@acme.test\nTo: user@docomo.ne.jp\nMessage-ID: <o2@acme.test>\n\nhi\n--m--\n',
    );
    expect(msg.subject).toBe('メールエラー通知');
    expect(classifyMessage(msg)).toMatchObject({
      kind: 'bounce',
      reason: 'format:jp-carrier-error',
      failedRecipients: ['user@docomo.ne.jp'],
    });
  });
});
