// The hostile messages of the noisy-neighbour benchmark (issue "Ingestion v2"), written here:
// a bounce with a backtracking trap, a 500-level nested message, an 11 MB HTML message, a 30 MB
// message and a quoted-text trap ("Am " + "schrieb" × 32,000).
import { randomBytes } from 'node:crypto';
import { buildMail } from '../tests/helpers/mail-builder';

const CRLF = '\r\n';

export type HostileMessage = { name: string; raw: Buffer };

function headerLines(to: string, from: string, subject: string, id: string, contentType: string): string[] {
  return [
    `From: ${from}`,
    `To: ${to}`,
    `Subject: ${subject}`,
    'Date: Mon, 1 Jan 2024 10:00:00 +0000',
    `Message-ID: <${id}@hostile.example>`,
    'MIME-Version: 1.0',
    `Content-Type: ${contentType}`,
  ];
}

export function hostileSet(to: string): HostileMessage[] {
  const bounce = Buffer.from(
    [
      ...headerLines(
        to,
        'Mail Delivery System <MAILER-DAEMON@mx.hostile.example>',
        'Undelivered Mail Returned to Sender',
        'noisy-bounce',
        'text/plain; charset=us-ascii',
      ),
      '',
      '<' + 'a@'.repeat(48_000),
      '',
    ].join(CRLF),
  );

  // message/rfc822 inside message/rfc822, 500 levels deep.
  let nested = ['From: inner@hostile.example', 'Subject: innermost', '', 'the bottom'].join(CRLF);
  for (let level = 0; level < 500; level++) {
    nested = [`From: level${level}@hostile.example`, 'Content-Type: message/rfc822', '', nested].join(CRLF);
  }
  const deep = Buffer.from(
    [
      ...headerLines(to, 'Deep <deep@hostile.example>', 'Nested 500 levels', 'noisy-deep', 'message/rfc822'),
      '',
      nested,
    ].join(CRLF),
  );

  const unit =
    '<div style="color:#123"><b>offer</b> <a href="https://e.hostile.example/">click</a><img src="https://t.hostile.example/p.gif"></div>\n';
  const html = buildMail({
    from: 'Newsletter <news@hostile.example>',
    to,
    subject: 'An 11 MB newsletter',
    messageId: 'noisy-html@hostile.example',
    html: unit.repeat(Math.ceil((11 * 1024 * 1024) / unit.length)),
  });

  const huge = buildMail({
    from: 'Scanner <scanner@hostile.example>',
    to,
    subject: 'A 30 MB scan',
    messageId: 'noisy-huge@hostile.example',
    text: 'The scan is attached.',
    attachments: [{ filename: 'scan.pdf', contentType: 'application/pdf', content: randomBytes(22 * 1024 * 1024) }],
  });

  const quoted = buildMail({
    from: 'Kunde <kunde@hostile.example>',
    to,
    subject: 'Am schrieb',
    messageId: 'noisy-schrieb@hostile.example',
    text: 'Am ' + 'schrieb'.repeat(32_000),
  });

  return [
    { name: 'bounce "<" + "a@" × 48,000', raw: bounce },
    { name: 'message nested 500 levels', raw: deep },
    { name: '11 MB HTML', raw: html },
    { name: '30 MB message', raw: huge },
    { name: '"Am " + "schrieb" × 32,000', raw: quoted },
  ];
}
