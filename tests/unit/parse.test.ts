import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseMessage } from '@/lib/mail/parse';
import type { ParsedMessage } from '@/lib/mail/types';

const fixture = (name: string) => readFileSync(path.resolve(__dirname, '../fixtures/mail', name));

async function parsed(raw: Buffer | string): Promise<ParsedMessage> {
  const result = await parseMessage(Buffer.isBuffer(raw) ? raw : Buffer.from(raw, 'utf8'));
  if (!result.ok) throw new Error(`expected the message to parse, got ${result.reason}`);
  return result.message;
}

describe('parseMessage', () => {
  it('decodes an RFC 2047 subject split across encoded-words mid-character', async () => {
    const msg = await parsed(fixture('normal/rfc2047-subject.eml'));
    expect(msg.subject).toBe('Grüße aus Köln – Bestellung 日本 fehlt');
    expect(msg.from).toEqual({ address: 'bjorn.astrom@example.se', name: 'Björn Åström' });
  });

  // Each row: mail in a legacy charset → its subject, sender name and words of its body, decoded.
  it.each([
    {
      charset: 'windows-1252: encoded-word subject, 8-bit body with euro sign, dashes and curly quotes',
      file: 'normal/windows-1252-8bit.eml',
      subject: 'Refund of €49.99 not received',
      fromName: "O'Brien, Sean",
      text: ['a refund of €49.99 – “within 5 days” – but', 'Seán'],
    },
    {
      charset: 'Shift_JIS: encoded-word headers, 8-bit body',
      file: 'normal/shift-jis-8bit.eml',
      subject: 'ログインできません',
      fromName: '田中 健',
      text: ['パスワードを再設定しても同じです'],
    },
    {
      charset: 'ISO-2022-JP: encoded-word headers, 7-bit body',
      file: 'normal/iso-2022-jp.eml',
      subject: '請求書の宛名変更のお願い',
      fromName: '鈴木 美咲',
      text: ['株式会社サンプル'],
    },
    {
      charset: 'ISO-8859-1: encoded-word headers, quoted-printable body',
      file: 'normal/latin1-qp.eml',
      subject: 'Problème de facturation - reçu non déduit',
      fromName: 'François Léger',
      text: ["Le reçu de mai n'a pas été déduit"],
    },
  ])('decodes $charset', async ({ file, subject, fromName, text }) => {
    const msg = await parsed(fixture(file));
    expect(msg.subject).toBe(subject);
    expect(msg.from?.name).toBe(fromName);
    for (const words of text) expect(msg.text).toContain(words);
  });

  it('takes an RFC 2231 encoded, continued filename', async () => {
    const msg = await parsed(fixture('normal/rfc2231-filename.eml'));
    expect(msg.attachments).toHaveLength(1);
    const [pdf] = msg.attachments;
    expect(pdf.filename).toBe('Rechnung März 2025.pdf');
    expect(pdf.contentType).toBe('application/pdf');
    expect(pdf.content.subarray(0, 8).toString('latin1')).toBe('%PDF-1.4');
    expect(pdf.size).toBe(pdf.content.length);
    expect(pdf.sha256).toBe(createHash('sha256').update(pdf.content).digest('hex'));
    expect(pdf.inline).toBe(false);
  });

  it('keeps an inline cid image with its Content-ID and leaves cid: links in the raw HTML', async () => {
    const msg = await parsed(fixture('normal/inline-cid-image.eml'));
    expect(msg.attachments).toHaveLength(1);
    const [img] = msg.attachments;
    expect(img).toMatchObject({
      filename: 'image001.png',
      contentType: 'image/png',
      contentId: 'image001.png@01DBD7A1.2F3E4D50',
      inline: true,
    });
    expect(img.content.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(msg.html).toContain('src="cid:image001.png@01DBD7A1.2F3E4D50"');
    expect(msg.partTypes).toEqual([
      'multipart/related',
      'multipart/alternative',
      'text/plain',
      'text/html',
      'image/png',
    ]);
  });

  it('says "(no subject)" when the subject is empty or missing', async () => {
    expect((await parsed(fixture('normal/no-subject.eml'))).subject).toBe('(no subject)');
    expect((await parsed('From: a@example.com\r\n\r\nhi\r\n')).subject).toBe('(no subject)');
    expect((await parsed('From: a@example.com\r\nSubject:    \r\n\r\nhi\r\n')).subject).toBe('(no subject)');
  });

  it('leaves date and message-id undefined when the headers are missing or unparseable', async () => {
    const missing = await parsed(fixture('normal/missing-date-and-message-id.eml'));
    expect(missing.date).toBeUndefined();
    expect(missing.messageId).toBeUndefined();
    expect(missing.text).toContain('Ivan Horvat');
    const garbage = await parsed('From: a@example.com\r\nDate: the day after tomorrow\r\nMessage-ID:\r\n\r\nhi\r\n');
    expect(garbage.date).toBeUndefined();
    expect(garbage.messageId).toBeUndefined();
  });

  it('reads Message-ID, In-Reply-To and References without angle brackets, oldest reference first', async () => {
    const msg = await parsed(fixture('normal/reply-in-reply-to.eml'));
    expect(msg.messageId).toBe('CAJx7kqv4aB5cD6eF7gH8iJ9kL0mN1oP2qR3sT4uV5wX6@mail.gmail.com');
    expect(msg.inReplyTo).toBe('cf.24.2b3c4d5e6f708192.a3b4c5d6e7f8091a2b3c4d5e@acme.test');
    expect(msg.references).toEqual([
      'CAJx7kqv1aa@mail.gmail.com',
      'cf.24.2b3c4d5e6f708192.a3b4c5d6e7f8091a2b3c4d5e@acme.test',
    ]);
    expect(msg.date?.toISOString()).toBe('2025-06-10T19:00:00.000Z');
  });

  it('lower-cases addresses, keeps names, expands groups and reads Reply-To', async () => {
    const msg = await parsed(fixture('normal/reply-to-and-groups.eml'));
    expect(msg.replyTo).toEqual([{ address: 'victor.alvarez@example.es', name: 'Victor Alvarez' }]);
    expect(msg.to).toEqual([]);
    expect(msg.cc).toEqual([{ address: 'a@example.es' }, { address: 'b@example.es' }]);
    const mixed = await parsed(
      'From: "Big Co" <Sales@BigCo.Example>\r\nTo: X <X@Example.COM>, y@example.com\r\n\r\nhi\r\n',
    );
    expect(mixed.from).toEqual({ address: 'sales@bigco.example', name: 'Big Co' });
    expect(mixed.to).toEqual([{ address: 'x@example.com', name: 'X' }, { address: 'y@example.com' }]);
  });

  it('keeps every header value, unfolded (a fold becomes one space, no tab) and decoded, under its lower-case name', async () => {
    const msg = await parsed(
      'Received: from a by b;\r\n\tMon, 2 Jun 2025 08:00:00 +0000\r\nReceived: from c by d; Mon, 2 Jun 2025 07:59:00 +0000\r\n' +
        'X-Note: =?UTF-8?Q?caf=C3=A9?=\r\n  au lait\r\nFrom: a@example.com\r\n\r\nbody\r\n',
    );
    expect(msg.headers.get('received')).toEqual([
      'from a by b; Mon, 2 Jun 2025 08:00:00 +0000',
      'from c by d; Mon, 2 Jun 2025 07:59:00 +0000',
    ]);
    expect(msg.headers.get('x-note')).toEqual(['café au lait']);
  });

  it('lists every MIME part type of a delivery report, including the delivery-status part mailparser hides', async () => {
    const msg = await parsed(fixture('auto/gmail-bounce.eml'));
    expect(msg.contentType).toBe('multipart/report');
    expect(msg.reportType).toBe('delivery-status');
    expect(msg.partTypes).toEqual([
      'multipart/report',
      'multipart/related',
      'multipart/alternative',
      'text/plain',
      'text/html',
      'message/delivery-status',
      'message/rfc822',
    ]);
    expect(msg.attachments.map((a) => a.contentType)).toEqual(['message/delivery-status', 'message/rfc822']);
    expect(msg.attachments[0].filename).toBe('attachment');
  });

  it('does not list the parts inside an attached message as its own', async () => {
    const msg = await parsed(fixture('normal/forwarded-bounce-attachment.eml'));
    expect(msg.partTypes).toEqual(['multipart/mixed', 'text/plain', 'message/rfc822']);
    expect(msg.contentType).toBe('multipart/mixed');
    expect(msg.reportType).toBeUndefined();
  });

  it('converts HTML-only mail to text and keeps the HTML raw, scripts included', async () => {
    const msg = await parsed(fixture('normal/html-only.eml'));
    expect(msg.html).toContain('<script>alert(1)</script>');
    expect(msg.text).toContain('Wann wird meine Bestellung 7781 geliefert?');
  });

  it('reports the raw size', async () => {
    const raw = fixture('normal/attachment-pdf.eml');
    expect((await parsed(raw)).size).toBe(raw.length);
  });
});
