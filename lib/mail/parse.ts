// Raw RFC 822 bytes → ParsedMessage, in-process and bounded: size, MIME depth/width and header
// lengths are checked by a linear scan before mailparser runs, and mailparser itself runs under a
// timeout. Bad mail never throws: it comes back as { ok: false, reason } for quarantine.
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { simpleParser, type Attachment, type ParsedMail } from 'mailparser';
import { messageIdsIn, toAddressList } from './addresses';
import { decodeHeaderLine, stripNul } from './decode-header';
import { PARSE_LIMITS, type ParseLimits } from './parse-limits';
import { scanMimeStructure, type MimeStructure } from './scan-mime-structure';
import type { ParsedAttachment, ParsedMessage, ParseResult } from './types';

export type ParseOptions = { maxBytes?: number; timeoutMs?: number };

const CHUNK_BYTES = 64 * 1024;

class ParseTimeout extends Error {}

export async function parseMessage(raw: Buffer, opts: ParseOptions = {}): Promise<ParseResult> {
  const limits: ParseLimits = {
    ...PARSE_LIMITS,
    maxBytes: opts.maxBytes ?? PARSE_LIMITS.maxBytes,
    timeoutMs: opts.timeoutMs ?? PARSE_LIMITS.timeoutMs,
  };
  if (raw.length > limits.maxBytes) return { ok: false, reason: `too-large:${raw.length}>${limits.maxBytes}` };

  const structure = scanMimeStructure(raw, limits);
  if (!structure.ok) return structure;

  let mail: ParsedMail;
  try {
    mail = await runParser(raw, limits);
  } catch (err) {
    if (err instanceof ParseTimeout) return { ok: false, reason: 'parse-timeout' };
    return { ok: false, reason: `parse-error:${describe(err)}` };
  }
  try {
    return { ok: true, message: toParsedMessage(mail, structure, raw.length) };
  } catch (err) {
    return { ok: false, reason: `parse-error:${describe(err)}` };
  }
}

/** Feeds the bytes in chunks, yielding to the event loop between them, so the timer can stop a slow parse. */
async function* chunksOf(raw: Buffer): AsyncGenerator<Buffer> {
  for (let i = 0; i < raw.length; i += CHUNK_BYTES) {
    yield raw.subarray(i, i + CHUNK_BYTES);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

async function runParser(raw: Buffer, limits: ParseLimits): Promise<ParsedMail> {
  const input = Readable.from(chunksOf(raw), { objectMode: false });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      // simpleParser destroys its parser when the input errors.
      input.destroy(new ParseTimeout());
      reject(new ParseTimeout());
    }, limits.timeoutMs);
  });
  try {
    const parsing = simpleParser(input, {
      keepCidLinks: true,
      keepDeliveryStatus: true,
      skipTextToHtml: true,
      skipImageLinks: true,
      checksumAlgo: 'sha256',
      maxHtmlLengthToParse: limits.maxHtmlLengthToParse,
      maxHeadSize: limits.maxHeaderSectionBytes,
      maxChildNodes: limits.maxParts,
    });
    return await Promise.race([parsing, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function describe(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return (
    message
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'unknown'
  );
}

function headerMap(mail: ParsedMail): Map<string, string[]> {
  const headers = new Map<string, string[]>();
  for (const { key, line } of mail.headerLines ?? []) {
    const name = key.toLowerCase();
    const values = headers.get(name) ?? [];
    values.push(decodeHeaderLine(line));
    headers.set(name, values);
  }
  return headers;
}

function toAttachment(a: Attachment): ParsedAttachment {
  const content = Buffer.isBuffer(a.content) ? a.content : Buffer.alloc(0);
  const contentId = a.contentId ? stripNul(a.contentId).trim().replace(/^<|>$/g, '').trim() : '';
  const filename = stripNul(a.filename ?? '').trim();
  return {
    filename: filename || 'attachment',
    contentType: (a.contentType || 'application/octet-stream').toLowerCase(),
    size: content.length,
    sha256:
      a.checksum && /^[0-9a-f]{64}$/.test(a.checksum) ? a.checksum : createHash('sha256').update(content).digest('hex'),
    content,
    ...(contentId ? { contentId } : {}),
    inline: a.contentDisposition === 'inline' || (!a.contentDisposition && Boolean(contentId)),
  };
}

function toParsedMessage(mail: ParsedMail, structure: MimeStructure, size: number): ParsedMessage {
  const headers = headerMap(mail);
  const first = (name: string) => headers.get(name)?.[0];

  const subject = first('subject')?.trim();
  const dateValue = first('date');
  const date = dateValue ? new Date(dateValue) : undefined;
  const html = typeof mail.html === 'string' ? stripNul(mail.html) : undefined;
  const text = typeof mail.text === 'string' ? stripNul(mail.text) : undefined;

  return {
    headers,
    from: toAddressList(mail.from)[0],
    replyTo: toAddressList(mail.replyTo),
    to: toAddressList(mail.to),
    cc: toAddressList(mail.cc),
    subject: subject || '(no subject)',
    date: date && !Number.isNaN(date.getTime()) ? date : undefined,
    messageId: messageIdsIn(first('message-id'))[0],
    inReplyTo: messageIdsIn(first('in-reply-to'))[0],
    references: messageIdsIn((headers.get('references') ?? []).join(' ')),
    text,
    html,
    attachments: mail.attachments.map(toAttachment),
    contentType: structure.contentType,
    reportType: structure.reportType,
    partTypes: structure.partTypes,
    size,
  };
}
