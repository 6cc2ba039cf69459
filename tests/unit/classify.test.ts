import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyMessage } from '@/lib/mail/classify';
import { parseMessage } from '@/lib/mail/parse';
import type { ParsedMessage } from '@/lib/mail/types';

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

describe('classifyMessage: bounces', () => {
  it('a Postfix bounce names our Message-ID from the returned headers and the failed recipient', async () => {
    const c = classifyMessage(await fixture('auto/postfix-bounce.eml'));
    expect(c).toMatchObject({
      verdict: 'auto-generated',
      kind: 'bounce',
      reason: 'report:delivery-status',
      deliveryAction: 'failed',
    });
    expect(c.referencedMessageIds).toEqual(['cf.12.0a1b2c3d4e5f6071.8899aabbccddeeff00112233@acme.test']);
    expect(c.failedRecipients).toEqual(['j.doe@example.net']);
  });

  it('a delay notice is a bounce marked delayed, with no failed recipients', async () => {
    for (const name of [
      'auto/postfix-delay.eml',
      'auto/sendmail-delay.eml',
      'auto/gmail-delay.eml',
      'auto/exchange-delay.eml',
    ]) {
      const c = classifyMessage(await fixture(name));
      expect({ name, kind: c.kind, action: c.deliveryAction, failed: c.failedRecipients }).toEqual({
        name,
        kind: 'bounce',
        action: 'delayed',
        failed: [],
      });
      expect(c.delayedRecipients?.length).toBe(1);
    }
  });

  it('an Exim bounce takes X-Failed-Recipients and the Message-ID quoted in the body', async () => {
    const c = classifyMessage(await fixture('auto/exim-bounce.eml'));
    expect(c).toMatchObject({
      kind: 'bounce',
      reason: 'header:x-failed-recipients',
      failedRecipients: ['k.owen@gone.example.co.uk'],
    });
    expect(c.referencedMessageIds).toEqual(['cf.7.5566778899aabbcc.00112233445566778899aabb@acme.test']);
  });

  it('a qmail bounce from MAILER-DAEMON yields the recipient and Message-ID from its plain text', async () => {
    const c = classifyMessage(await fixture('auto/qmail-bounce.eml'));
    expect(c).toMatchObject({
      kind: 'bounce',
      reason: 'sender:mailer-daemon',
      failedRecipients: ['webmaster@oldhost.example'],
    });
    expect(c.referencedMessageIds).toEqual(['cf.3.0f1e2d3c4b5a6978.8796a5b4c3d2e1f00f1e2d3c@acme.test']);
  });

  it('an Exchange Online NDR combines In-Reply-To and the attached original, without duplicates', async () => {
    const c = classifyMessage(await fixture('auto/exchange-online-ndr.eml'));
    expect(c.referencedMessageIds).toEqual(['cf.58.3c4d5e6f708192a3.b4c5d6e7f8091a2b3c4d5e6f@acme.test']);
    expect(c.failedRecipients).toEqual(['m.garcia@contoso.com']);
  });

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
    expect(classifyMessage(await person('Auto-Submitted: auto-replied'))).toMatchObject({
      verdict: 'auto-generated',
      reason: 'header:auto-submitted=auto-replied',
    });
    expect(classifyMessage(await person('Auto-Submitted: auto-notified'))).toMatchObject({
      reason: 'header:auto-submitted=auto-notified',
    });
    expect(classifyMessage(await person('Auto-Submitted: No'))).toMatchObject({ verdict: 'normal', reason: 'normal' });
  });

  it('each X-Autoreply style header marks an auto-reply, unless it says no', async () => {
    for (const name of ['X-Autoreply', 'X-Autorespond', 'X-Autoresponse', 'X-AutoReply-From', 'X-Mail-Autoreply']) {
      expect(classifyMessage(await person(`${name}: yes`)).reason).toBe(`header:${name.toLowerCase()}`);
    }
    expect(classifyMessage(await person('X-Autoreply: no')).verdict).toBe('normal');
  });

  it('Precedence bulk, junk and list mark lists; auto_reply marks an auto-reply; other values are normal', async () => {
    expect(classifyMessage(await person('Precedence: bulk'))).toMatchObject({
      kind: 'list',
      reason: 'header:precedence=bulk',
    });
    expect(classifyMessage(await person('Precedence: junk'))).toMatchObject({
      kind: 'list',
      reason: 'header:precedence=junk',
    });
    expect(classifyMessage(await person('X-Precedence: list'))).toMatchObject({
      kind: 'list',
      reason: 'header:x-precedence=list',
    });
    expect(classifyMessage(await person('Precedence: auto_reply'))).toMatchObject({
      kind: 'auto-reply',
      reason: 'header:precedence=auto_reply',
    });
    expect(classifyMessage(await person('Precedence: first-class')).verdict).toBe('normal');
  });

  it('the vacation comment of Auto-Submitted makes a vacation without any wording', async () => {
    const c = classifyMessage(await person('Auto-Submitted: auto-replied (vacation)', 'Re: Question', 'Thanks.'));
    expect(c.kind).toBe('vacation');
  });

  it('out-of-office wording in several languages picks vacation over auto-reply once a header fired', async () => {
    for (const subject of [
      'Out of Office',
      'Abwesenheitsnotiz',
      'Réponse automatique : Re: x',
      'Fuera de la oficina',
      '自動応答: x',
      '不在',
    ]) {
      expect(classifyMessage(await person('Auto-Submitted: auto-replied', subject, 'x')).kind).toBe('vacation');
    }
    expect(
      classifyMessage(await person('Auto-Submitted: auto-replied', 'We received your request', 'Ticket 5 opened.'))
        .kind,
    ).toBe('auto-reply');
  });

  it('X-Auto-Response-Suppress needs the Exchange rules-loop header or an OOF subject', async () => {
    expect(classifyMessage(await person('X-Auto-Response-Suppress: All')).verdict).toBe('normal');
    expect(classifyMessage(await person('X-Auto-Response-Suppress: All', 'Automatic reply: Question')).reason).toBe(
      'exchange:auto-response-suppress+oof-subject',
    );
    expect(
      classifyMessage(await person('X-Auto-Response-Suppress: All\nX-MS-Exchange-Inbox-Rules-Loop: rita@example.com'))
        .reason,
    ).toBe('exchange:auto-response-suppress+inbox-rules-loop');
  });

  it('wording alone never makes a message auto-generated', async () => {
    for (const subject of [
      'Automatic reply: your app',
      'Out of Office: notes from our offsite',
      'Undeliverable: my parcel',
      'Abwesenheitsnotiz einrichten?',
    ]) {
      expect(
        classifyMessage(await person('', subject, 'I was out of office; mail delivery failed twice.')).verdict,
      ).toBe('normal');
    }
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
    expect(classifyMessage(await person('Disposition-Notification-To: rita@example.com')).verdict).toBe('normal');
  });

  it('Return-Path <> marks machine mail; a real return path does not', async () => {
    expect(classifyMessage(await person('Return-Path: <>'))).toMatchObject({
      verdict: 'auto-generated',
      reason: 'header:return-path=<>',
    });
    expect(classifyMessage(await person('Return-Path: <>', 'Undeliverable: Question'))).toMatchObject({
      kind: 'bounce',
    });
    expect(classifyMessage(await person('Return-Path: <rita@example.com>')).verdict).toBe('normal');
  });
});

describe('classifyMessage: lists and loops', () => {
  it('List-Id and List-Unsubscribe mark list mail', async () => {
    expect(classifyMessage(await person('List-Id: <news.example.com>'))).toMatchObject({
      kind: 'list',
      reason: 'list:list-id',
    });
    expect(classifyMessage(await person('List-Unsubscribe: <mailto:leave@example.com>'))).toMatchObject({
      kind: 'list',
      reason: 'list:list-unsubscribe',
    });
  });

  it('our loop header marks a loop, under its default or a configured name', async () => {
    expect(classifyMessage(await person('X-Caseflow-Loop: t1'))).toMatchObject({
      kind: 'loop',
      reason: 'loop:own-header',
    });
    expect(classifyMessage(await person('X-Helpdesk-Loop: 1'), { loopHeader: 'X-Helpdesk-Loop' }).reason).toBe(
      'loop:own-header',
    );
    expect(classifyMessage(await person('X-Helpdesk-Loop: 1')).verdict).toBe('normal');
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
