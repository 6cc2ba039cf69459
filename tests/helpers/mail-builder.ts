// Builds RFC 822 test messages as exact bytes (CRLF, RFC 2047 headers, MIME multiparts); deterministic given messageId + date.
import { createHash, randomBytes } from 'node:crypto';

export type MailAttachment = {
  filename: string;
  contentType: string;
  content: Buffer;
  /** Makes it an inline part (multipart/related with the HTML) referenced as cid:<contentId>. */
  contentId?: string;
};

export type BodyCharset = 'utf-8' | 'us-ascii' | 'iso-8859-1' | 'windows-1252';

export type MailSpec = {
  from: string;
  to: string | string[];
  cc?: string | string[];
  subject: string;
  text?: string;
  html?: string;
  /** With or without angle brackets; random when missing. */
  messageId?: string;
  inReplyTo?: string;
  references?: string | string[];
  /** Default: now. */
  date?: Date;
  /** Extra header lines, written as given after the standard ones. */
  headers?: Record<string, string>;
  attachments?: MailAttachment[];
  /** Charset of the text/HTML bodies (headers always use UTF-8 encoded-words). Default utf-8. */
  charset?: BodyCharset;
  /** Transfer encoding of non-ASCII bodies. Default 8bit (the raw bytes, as many servers deliver them). */
  transferEncoding?: '8bit' | 'quoted-printable' | 'base64';
};

const CRLF = '\r\n';

// The bytes 0x80–0x9F of windows-1252 (undefined ones map to nothing).
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

export function encodeCharset(text: string, charset: BodyCharset): Buffer {
  if (charset === 'utf-8') return Buffer.from(text, 'utf8');
  const bytes: number[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code < 0x80) bytes.push(code);
    else if (charset === 'windows-1252' && CP1252_HIGH.includes(ch) && !(code >= 0x80 && code <= 0x9f))
      bytes.push(0x80 + CP1252_HIGH.indexOf(ch));
    else if (charset !== 'us-ascii' && code >= 0xa0 && code <= 0xff) bytes.push(code);
    else throw new Error(`"${ch}" cannot be written in ${charset}`);
  }
  return Buffer.from(bytes);
}

const isAscii = (s: string) => /^[\x00-\x7f]*$/.test(s);

/** RFC 2047 B-encoded words, each at most 75 characters, split on whole characters. */
export function encodeWords(value: string): string {
  if (isAscii(value)) return value;
  const words: string[] = [];
  let chunk = '';
  for (const ch of value) {
    if (Buffer.byteLength(chunk + ch) > 45) {
      words.push(chunk);
      chunk = '';
    }
    chunk += ch;
  }
  if (chunk) words.push(chunk);
  return words.map((w) => `=?UTF-8?B?${Buffer.from(w).toString('base64')}?=`).join(CRLF + ' ');
}

function encodeAddress(address: string): string {
  const match = /^\s*(.*?)\s*<([^<>]+)>\s*$/.exec(address);
  if (!match || !match[1]) return address.trim();
  let name = match[1];
  if (!isAscii(name.replace(/^"|"$/g, ''))) name = encodeWords(name.replace(/^"|"$/g, ''));
  else if (!/^".*"$/.test(name) && /[()<>@,;:\\".[\]]/.test(name)) name = `"${name.replace(/(["\\])/g, '\\$1')}"`;
  return `${name} <${match[2]}>`;
}

const addressList = (value: string | string[]) =>
  (Array.isArray(value) ? value : [value]).map(encodeAddress).join(',' + CRLF + ' ');
const angle = (id: string) => (id.startsWith('<') ? id : `<${id}>`);

export function formatDate(date: Date): string {
  return date.toUTCString().replace(/GMT$/, '+0000');
}

function wrap(s: string, width = 76): string {
  const lines: string[] = [];
  for (let i = 0; i < s.length; i += width) lines.push(s.slice(i, i + width));
  return lines.join(CRLF);
}

function quotedPrintable(bytes: Buffer): string {
  const out: string[] = [];
  for (const line of bytes.toString('latin1').split(/\r\n/)) {
    let encoded = '';
    let width = 0;
    for (let i = 0; i < line.length; i++) {
      const code = line.charCodeAt(i);
      const last = i === line.length - 1;
      const plain = (code >= 33 && code <= 126 && code !== 61) || ((code === 32 || code === 9) && !last);
      const piece = plain ? line[i] : '=' + code.toString(16).toUpperCase().padStart(2, '0');
      if (width + piece.length > 75) {
        encoded += '=' + CRLF;
        width = 0;
      }
      encoded += piece;
      width += piece.length;
    }
    out.push(encoded);
  }
  return out.join(CRLF);
}

type Part = { headers: string[]; body: Buffer };

function textPart(type: 'plain' | 'html', text: string, spec: MailSpec): Part {
  const charset = spec.charset ?? 'utf-8';
  const bytes = encodeCharset(text.replace(/\r?\n/g, CRLF), charset);
  const ascii = !bytes.some((b) => b > 0x7f);
  const cte = ascii ? '7bit' : (spec.transferEncoding ?? '8bit');
  const body =
    cte === 'base64'
      ? Buffer.from(wrap(bytes.toString('base64')))
      : cte === 'quoted-printable'
        ? Buffer.from(quotedPrintable(bytes), 'latin1')
        : bytes;
  return { headers: [`Content-Type: text/${type}; charset=${charset}`, `Content-Transfer-Encoding: ${cte}`], body };
}

function filenameParams(filename: string): string {
  if (isAscii(filename)) return `filename="${filename.replace(/(["\\])/g, '\\$1')}"`;
  // RFC 2231 for non-ASCII names.
  return `filename*=utf-8''${encodeURIComponent(filename).replace(/['()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase())}`;
}

function attachmentPart(a: MailAttachment): Part {
  const nameParam = isAscii(a.filename) ? `; name="${a.filename.replace(/(["\\])/g, '\\$1')}"` : '';
  const headers = [
    `Content-Type: ${a.contentType}${nameParam}`,
    'Content-Transfer-Encoding: base64',
    `Content-Disposition: ${a.contentId ? 'inline' : 'attachment'}; ${filenameParams(a.filename)}`,
  ];
  if (a.contentId) headers.push(`Content-ID: ${angle(a.contentId)}`);
  return { headers, body: Buffer.from(wrap(a.content.toString('base64'))) };
}

function multipart(subtype: string, parts: Part[], boundary: string): Part {
  const chunks: Buffer[] = [Buffer.from('This is a multipart message in MIME format.' + CRLF)];
  for (const part of parts) {
    chunks.push(Buffer.from(`${CRLF}--${boundary}${CRLF}${part.headers.join(CRLF)}${CRLF}${CRLF}`), part.body);
  }
  chunks.push(Buffer.from(`${CRLF}--${boundary}--${CRLF}`));
  return { headers: [`Content-Type: multipart/${subtype}; boundary="${boundary}"`], body: Buffer.concat(chunks) };
}

export function buildMail(spec: MailSpec): Buffer {
  const messageId = angle(spec.messageId ?? `${randomBytes(8).toString('hex')}@caseflow.test`);
  const date = spec.date ?? new Date();
  const seed = createHash('sha256').update(messageId).update(spec.subject).digest('hex').slice(0, 16);
  let depth = 0;
  const boundary = () => `=_cf_${seed}_${depth++}`;

  const attachments = spec.attachments ?? [];
  const inline = attachments.filter((a) => a.contentId && spec.html !== undefined);
  const attached = attachments.filter((a) => !inline.includes(a));

  let htmlPart = spec.html !== undefined ? textPart('html', spec.html, spec) : undefined;
  if (htmlPart && inline.length) htmlPart = multipart('related', [htmlPart, ...inline.map(attachmentPart)], boundary());
  const textBody = spec.text !== undefined ? textPart('plain', spec.text, spec) : undefined;
  let body: Part =
    textBody && htmlPart
      ? multipart('alternative', [textBody, htmlPart], boundary())
      : (htmlPart ?? textBody ?? textPart('plain', '', spec));
  if (attached.length) body = multipart('mixed', [body, ...attached.map(attachmentPart)], boundary());

  const headers = [`From: ${addressList(spec.from)}`, `To: ${addressList(spec.to)}`];
  if (spec.cc) headers.push(`Cc: ${addressList(spec.cc)}`);
  headers.push(`Subject: ${encodeWords(spec.subject)}`, `Date: ${formatDate(date)}`, `Message-ID: ${messageId}`);
  if (spec.inReplyTo) headers.push(`In-Reply-To: ${angle(spec.inReplyTo)}`);
  const refs =
    spec.references === undefined
      ? []
      : Array.isArray(spec.references)
        ? spec.references
        : spec.references.split(/\s+/).filter(Boolean);
  if (refs.length) headers.push(`References: ${refs.map(angle).join(CRLF + ' ')}`);
  for (const [name, value] of Object.entries(spec.headers ?? {})) headers.push(`${name}: ${value}`);
  headers.push('MIME-Version: 1.0', ...body.headers);

  return Buffer.concat([
    Buffer.from(headers.join(CRLF) + CRLF + CRLF),
    body.body,
    body.body.subarray(-2).toString() === CRLF ? Buffer.alloc(0) : Buffer.from(CRLF),
  ]);
}

// ---- bulk mailboxes -------------------------------------------------------------------------------------------

export type MailboxEntryKind = 'plain' | 'html' | 'attachment' | 'auto-reply' | 'bounce';
export type MailboxEntry = {
  kind: MailboxEntryKind;
  autoGenerated: boolean;
  messageId: string;
  from: string;
  subject: string;
  raw: Buffer;
};

/** A small seeded PRNG (mulberry32): the same sequence for the same seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NAMES = [
  'Ana García',
  'Björn Müller',
  'Chloé Dubois',
  'Dmitri Ivanov',
  'Emma Smith',
  '山田 太郎',
  'Fatima Khan',
  "Liam O'Brien",
];
const TOPICS = [
  'Invoice question',
  'Cannot log in',
  'Order #{n} not delivered',
  'Refund request',
  'Feature idea',
  'Größenänderung der Bestellung',
  'Problème de facturation',
  'Password reset',
];

/** About 1 MB of dense markup (styles, links, images): sanitizing it takes seconds, far over a message's time budget. */
export function slowToSanitizeHtml(): string {
  const unit =
    '<div style="color:#123"><b>x</b><a href="https://e.example/">y</a><img src="https://t.example/p.gif"></div>';
  return unit.repeat(Math.ceil(1_000_000 / unit.length));
}

/** The body of a bulk entry that a person or an autoresponder wrote (bounces are built by buildBounce). */
function entryBody(
  kind: Exclude<MailboxEntryKind, 'bounce'>,
  e: { i: number; seed: number; topic: string; name: string; random: () => number },
): Pick<MailSpec, 'text' | 'html' | 'headers' | 'attachments'> {
  switch (kind) {
    case 'auto-reply':
      return {
        text: `I am out of the office until Monday.\nMessage ${e.i}.`,
        headers: { 'Auto-Submitted': 'auto-replied', 'X-Autoreply': 'yes' },
      };
    case 'html':
      return {
        text: `Hello,\n${e.topic}.\nThanks, ${e.name}`,
        html: `<p>Hello,</p><p>${e.topic}.</p><p>Thanks, <b>${e.name}</b></p>`,
      };
    case 'attachment': {
      const content = Buffer.from(`attachment ${e.seed}/${e.i} ` + 'x'.repeat(Math.floor(e.random() * 2000)));
      return {
        text: `See the attached file.\n${e.name}`,
        attachments: [{ filename: `report-${e.i}.txt`, contentType: 'text/plain', content }],
      };
    }
    case 'plain':
      return { text: `Hi,\n\n${e.topic} — please help.\n\n.leading dot line\nRegards,\n${e.name}` };
  }
}

/**
 * n varied, distinct messages for bulk tests, the same for the same (n, seed): mostly plain text and HTML from
 * people, some with attachments, and about 1 in 10 auto-replies (Auto-Submitted: auto-replied) and 1 in 15 bounces
 * (multipart/report; report-type=delivery-status from MAILER-DAEMON).
 */
export function buildMailboxEntries(n: number, seed = 1, to = 'support@caseflow.test'): MailboxEntry[] {
  const random = prng(seed * 7919 + n);
  const base = Date.UTC(2024, 0, 1) + seed * 86_400_000;
  const entries: MailboxEntry[] = [];
  for (let i = 0; i < n; i++) {
    const r = random();
    const name = NAMES[Math.floor(random() * NAMES.length)];
    const local = `customer${(seed * 1000 + i) % 9973}`;
    const from = `${name} <${local}@example.org>`;
    const topic = TOPICS[Math.floor(random() * TOPICS.length)].replace('{n}', String(1000 + i));
    const messageId = `s${seed}-m${i}-${Math.floor(random() * 1e9).toString(36)}@example.org`;
    const date = new Date(base + i * 60_000);
    const kind: MailboxEntryKind =
      r < 0.1 ? 'auto-reply' : r < 0.17 ? 'bounce' : r < 0.3 ? 'attachment' : r < 0.5 ? 'html' : 'plain';
    let subject = `${topic} (${seed}/${i})`;
    let sender = from;
    if (kind === 'auto-reply') subject = `Automatic reply: ${subject}`;
    if (kind === 'bounce') {
      sender = 'Mail Delivery System <MAILER-DAEMON@mx.example.org>';
      subject = `Undelivered Mail Returned to Sender (${seed}/${i})`;
    }
    const envelope = { from: sender, to, subject, date, messageId };
    const raw =
      kind === 'bounce'
        ? buildBounce({
            ...envelope,
            failedRecipient: `${local}@example.org`,
            originalMessageId: `out-${seed}-${i}@caseflow.test`,
          })
        : buildMail({ ...envelope, ...entryBody(kind, { i, seed, topic, name, random }) });
    entries.push({
      kind,
      autoGenerated: kind === 'auto-reply' || kind === 'bounce',
      messageId,
      from: sender,
      subject,
      raw,
    });
  }
  return entries;
}

export function buildMailbox(n: number, seed = 1, to?: string): Buffer[] {
  return buildMailboxEntries(n, seed, to).map((e) => e.raw);
}

/** A Postfix-style delivery-status bounce (multipart/report) quoting the original's headers. */
export function buildBounce(spec: {
  from?: string;
  to: string;
  subject?: string;
  date?: Date;
  messageId?: string;
  failedRecipient: string;
  originalMessageId: string;
}): Buffer {
  const messageId = angle(spec.messageId ?? `${randomBytes(8).toString('hex')}@mx.example.org`);
  const date = spec.date ?? new Date();
  const boundary = `=_bounce_${createHash('sha256').update(messageId).digest('hex').slice(0, 12)}`;
  const lines = [
    `Return-Path: <>`,
    `From: ${addressList(spec.from ?? 'Mail Delivery System <MAILER-DAEMON@mx.example.org>')}`,
    `To: ${addressList(spec.to)}`,
    `Subject: ${encodeWords(spec.subject ?? 'Undelivered Mail Returned to Sender')}`,
    `Date: ${formatDate(date)}`,
    `Message-ID: ${messageId}`,
    'Auto-Submitted: auto-replied',
    'MIME-Version: 1.0',
    `Content-Type: multipart/report; report-type=delivery-status; boundary="${boundary}"`,
    '',
    'This is a MIME-encapsulated message.',
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=us-ascii',
    '',
    'This is the mail system at host mx.example.org.',
    '',
    "I'm sorry to have to inform you that your message could not be delivered to one or more recipients.",
    '',
    `<${spec.failedRecipient}>: host mx.example.org said: 550 5.1.1 User unknown`,
    '',
    `--${boundary}`,
    'Content-Type: message/delivery-status',
    '',
    'Reporting-MTA: dns; mx.example.org',
    '',
    `Final-Recipient: rfc822; ${spec.failedRecipient}`,
    'Action: failed',
    'Status: 5.1.1',
    'Diagnostic-Code: smtp; 550 5.1.1 User unknown',
    '',
    `--${boundary}`,
    'Content-Type: text/rfc822-headers',
    '',
    `From: ${spec.to}`,
    `To: ${spec.failedRecipient}`,
    `Message-ID: ${angle(spec.originalMessageId)}`,
    'Subject: Re: your request',
    '',
    `--${boundary}--`,
    '',
  ];
  return Buffer.from(lines.join(CRLF));
}
