// Header decoding as people read it: encoded-words of stateful charsets, folding, RFC 2231
// parameters, raw 8-bit headers in legacy charsets, and CR / LF / CRLF line endings.
import { describe, expect, it } from 'vitest';
import { classifyMessage } from '@/lib/mail/classify';
import { decodeHeaderParams, decodeHeaderValue } from '@/lib/mail/decode-header';
import { detectLegacyCharset } from '@/lib/mail/detect-legacy-charset';
import { parseMessage } from '@/lib/mail/parse';
import type { ParsedMessage } from '@/lib/mail/types';
import { encodedWord, encodeLegacy } from '../helpers/legacy-charset';

async function parsed(raw: Buffer | string): Promise<ParsedMessage> {
  const result = await parseMessage(Buffer.isBuffer(raw) ? raw : Buffer.from(raw, 'latin1'));
  if (!result.ok) throw new Error(`expected the message to parse, got ${result.reason}`);
  return result.message;
}

/** A message whose header lines are given as bytes (latin1 string or Buffer pieces). */
function rawMessage(headers: (string | Buffer)[], body = 'body\r\n'): Buffer {
  const parts: Buffer[] = [];
  for (const h of headers) parts.push(Buffer.isBuffer(h) ? h : Buffer.from(h, 'latin1'), Buffer.from('\r\n'));
  return Buffer.concat([...parts, Buffer.from('\r\n' + body, 'latin1')]);
}

describe('encoded-words', () => {
  it('decodes a subject split over several ISO-2022-JP encoded-words without U+FFFD at the joins', async () => {
    // Used to read "請求書の�宛名変更�のお願い": the words were joined as bytes before decoding, and
    // ISO-2022-JP's escape back to ASCII at the end of each word collided with the next one's escape.
    const words = ['請求書の', '宛名変更', 'のお願い'].map((w) => encodedWord(w, 'iso-2022-jp'));
    const msg = await parsed(
      rawMessage(['From: a@example.jp', `Subject: ${words[0]}\r\n ${words[1]}\r\n\t${words[2]}`, 'MIME-Version: 1.0']),
    );
    expect(msg.subject).toBe('請求書の宛名変更のお願い');
  });

  it('still joins a UTF-8 character split across two encoded-words', () => {
    const bytes = Buffer.from('日本語', 'utf8');
    const value = ` =?UTF-8?B?${bytes.subarray(0, 4).toString('base64')}?= =?UTF-8?B?${bytes.subarray(4).toString('base64')}?=`;
    expect(decodeHeaderValue(value)).toBe('日本語');
  });

  it('keeps the space between an encoded-word and plain text, and drops it between two encoded-words', () => {
    expect(decodeHeaderValue(' Re: =?UTF-8?Q?caf=C3=A9?= =?UTF-8?Q?_cr=C3=A8me?= order')).toBe('Re: café crème order');
  });

  it('ignores an RFC 2231 language tag inside an encoded-word', () => {
    expect(decodeHeaderValue(' =?UTF-8*de?Q?Gr=C3=BC=C3=9Fe?=')).toBe('Grüße');
  });
});

describe('folding', () => {
  it('reads a subject folded with a tab as one line with single spaces, no tab', async () => {
    const msg = await parsed(
      rawMessage(['From: a@example.com', 'Subject: Order 1234 still\r\n\tmissing after\r\n        two weeks']),
    );
    expect(msg.subject).toBe('Order 1234 still missing after two weeks');
    expect(msg.subject).not.toMatch(/[\t\r\n]/);
  });
});

describe('RFC 2231 parameters', () => {
  it('joins continued, percent-encoded parameters and decodes their charset', () => {
    expect(
      decodeHeaderParams(
        `attachment;\r\n filename*0*=utf-8''Rechnung%20M%C3%A4rz; filename*1*=%202025; filename*2=.pdf`,
      ),
    ).toEqual({ value: 'attachment', params: { filename: 'Rechnung März 2025.pdf' } });
  });

  it('finds the parts of a multipart whose boundary is given as an RFC 2231 continuation', async () => {
    const msg = await parsed(
      rawMessage(
        [
          'From: a@example.com',
          'Subject: split boundary',
          'MIME-Version: 1.0',
          'Content-Type: multipart/mixed;\r\n boundary*0="part-";\r\n boundary*1="one"',
        ],
        '--part-one\r\nContent-Type: text/plain\r\n\r\nthe text\r\n--part-one\r\nContent-Type: application/octet-stream\r\n' +
          'Content-Disposition: attachment; filename*0="notes"; filename*1=".txt"\r\n\r\nnotes\r\n--part-one--\r\n',
      ),
    );
    expect(msg.partTypes).toEqual(['multipart/mixed', 'text/plain', 'application/octet-stream']);
    expect(msg.text?.trim()).toBe('the text');
    expect(msg.attachments.map((a) => a.filename)).toEqual(['notes.txt']);
  });
});

describe('raw 8-bit headers in legacy charsets', () => {
  const cases: [string, string, string][] = [
    ['shift_jis', 'ログインできません', '田中 健'],
    ['euc-jp', 'パスワードの再設定について', '佐藤 花子'],
    ['euc-kr', '주문 확인 요청드립니다', '김민수'],
    ['gb18030', '关于发票的问题', '王伟'],
    ['windows-1251', 'Не приходит счёт за июнь', 'Иван Петров'],
    ['koi8-r', 'Не приходит счёт за июнь', 'Иван Петров'],
  ];
  for (const [charset, subject, name] of cases) {
    it(`reads a raw ${charset} Subject and From name without a declared charset`, async () => {
      const msg = await parsed(
        rawMessage([
          Buffer.concat([Buffer.from('From: '), encodeLegacy(name, charset), Buffer.from(' <sender@example.net>')]),
          Buffer.concat([Buffer.from('Subject: '), encodeLegacy(subject, charset)]),
        ]),
      );
      expect(msg.subject).toBe(subject);
      expect(msg.from).toEqual({ address: 'sender@example.net', name });
    });
  }

  it('reads raw windows-1252 Latin text with a few accented letters', async () => {
    const msg = await parsed(rawMessage(['From: x@example.fr', 'Subject: Caf\xe9 cr\xe8me \x96 facture \x80']));
    expect(msg.subject).toBe('Café crème – facture €');
  });

  it('reads raw UTF-8 as UTF-8', async () => {
    const msg = await parsed(rawMessage(['From: x@example.fr', Buffer.from('Subject: Grüße – 日本', 'utf8')]));
    expect(msg.subject).toBe('Grüße – 日本');
  });

  it('uses the charset the message declares for its text when the header bytes decode in it', async () => {
    const msg = await parsed(
      rawMessage(
        [
          'From: x@example.pl',
          Buffer.concat([Buffer.from('Subject: '), encodeLegacy('Zażółć gęślą jaźń', 'iso-8859-2')]),
          'MIME-Version: 1.0',
          'Content-Type: text/plain; charset=ISO-8859-2',
        ],
        'tekst\r\n',
      ),
    );
    expect(msg.subject).toBe('Zażółć gęślą jaźń');
  });

  it('reads a bare ISO-2022-JP header (7-bit escapes, no encoded-word)', async () => {
    const msg = await parsed(
      rawMessage([
        'From: a@example.jp',
        Buffer.concat([Buffer.from('Subject: '), encodeLegacy('メールエラー通知', 'iso-2022-jp')]),
      ]),
    );
    expect(msg.subject).toBe('メールエラー通知');
  });

  it('names UTF-8 for ASCII and valid UTF-8, and does not take Chinese for Japanese', () => {
    expect(detectLegacyCharset(Buffer.from('plain'))).toBe('utf-8');
    expect(detectLegacyCharset(encodeLegacy('发票问题请尽快处理', 'gb18030'))).toBe('gb18030');
  });
});

describe('line endings', () => {
  const crlf =
    'From: "Tanaka" <tanaka@example.jp>\r\nTo: support@example.com\r\n' +
    'Subject: =?UTF-8?Q?Invoice_question?=\r\n\tfor June\r\nMessage-ID: <le-1@example.jp>\r\nDate: Mon, 2 Jun 2025 08:00:00 +0000\r\n' +
    'MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b1"\r\n\r\n' +
    '--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nHello,\r\nthe invoice is wrong.\r\n' +
    '--b1\r\nContent-Type: text/csv; name="lines.csv"\r\nContent-Disposition: attachment; filename="lines.csv"\r\n\r\na,b\r\n1,2\r\n' +
    '--b1--\r\n';
  const dsn =
    'From: MAILER-DAEMON@mx.example.net\r\nTo: support@example.com\r\nSubject: Undelivered Mail Returned to Sender\r\n' +
    'MIME-Version: 1.0\r\nContent-Type: multipart/report; report-type=delivery-status; boundary="r"\r\n\r\n' +
    '--r\r\nContent-Type: text/plain\r\n\r\nThe mail could not be delivered.\r\n' +
    '--r\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example.net\r\n\r\n' +
    'Final-Recipient: rfc822; gone@example.org\r\nAction: failed\r\nStatus: 5.1.1\r\n\r\n--r--\r\n';

  const variants = (text: string) => ({
    crlf: Buffer.from(text),
    lf: Buffer.from(text.replace(/\r\n/g, '\n')),
    cr: Buffer.from(text.replace(/\r\n/g, '\r')),
  });

  it('parses CR-only, LF-only and CRLF copies of a message the same way', async () => {
    const v = variants(crlf);
    const [a, b, c] = await Promise.all([parsed(v.crlf), parsed(v.lf), parsed(v.cr)]);
    for (const m of [b, c]) {
      expect(m.subject).toBe('Invoice question for June');
      expect(m.from).toEqual(a.from);
      expect(m.messageId).toBe('le-1@example.jp');
      expect(m.date).toEqual(a.date);
      expect(m.partTypes).toEqual(['multipart/mixed', 'text/plain', 'text/csv']);
      expect(m.text).toBe(a.text);
      expect(m.attachments.map((x) => [x.filename, x.sha256])).toEqual(
        a.attachments.map((x) => [x.filename, x.sha256]),
      );
      expect([...m.headers]).toEqual([...a.headers]);
    }
    expect(a.subject).toBe('Invoice question for June');
  });

  it('classifies CR-only, LF-only and CRLF copies of a delivery report alike, and leaves the input bytes as they were', async () => {
    const v = variants(dsn);
    const before = Buffer.from(v.cr);
    const outcomes = await Promise.all(
      Object.values(v).map(async (raw) => {
        const m = await parsed(raw);
        const c = classifyMessage(m, {});
        return { verdict: c.verdict, kind: c.kind, failed: c.failedRecipients, size: m.size === raw.length };
      }),
    );
    expect(outcomes[0]).toMatchObject({ verdict: 'auto-generated', kind: 'bounce', size: true });
    expect(outcomes[1]).toEqual(outcomes[0]);
    expect(outcomes[2]).toEqual(outcomes[0]);
    expect(v.cr.equals(before)).toBe(true);
  });
});
