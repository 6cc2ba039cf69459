// Raw RFC 822 bytes → ParsedMessage, in-process and bounded: size, MIME depth/width and header
// lengths are checked by a linear scan before mailparser runs, and mailparser itself runs under a
// timeout. Past a structural limit or a parser failure, salvageMessage() still reads the headers
// and text (with parseNotes saying what was left out). Bad mail never throws: what cannot be read
// at all comes back as { ok: false, reason, headers? } for quarantine. LF-only
// and CR-only line endings are read as CRLF (the caller's bytes are not changed).
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { parseAddressHeader, simpleParser, type AddressObject, type Attachment, type ParsedMail } from 'mailparser';
import { messageIdsIn, toAddressList } from './addresses';
import { decodeHeaderLine, decodeRawHeaderBytes, stripNul, unfold } from './decode-header';
import { detectHeaderBlockCharset } from './detect-legacy-charset';
import { normalizeLineEndings } from './normalize-line-endings';
import { readHeaderSection } from './read-header-section';
import { quarantineWithHeaders, salvageMessage } from './salvage-message';
import { unpackTnef } from './unpack-tnef';
import { unwrapSmime } from './unwrap-smime';
import { PARSE_LIMITS, type ParseLimits } from './parse-limits';
import { scanMimeStructure, type MimeStructure } from './scan-mime-structure';
import type { ParsedAttachment, ParsedMessage, ParseResult } from './types';
import { errorMessage } from '@/lib/errors';

export type ParseOptions = {
  maxBytes?: number;
  timeoutMs?: number;
  /** How many S/MIME or TNEF wrappers deep this parse is (each wrapped entity is parsed again). */
  wrapperDepth?: number;
};

// A signed entity inside a signed entity is legitimate; beyond this it is hostile.
const MAX_WRAPPER_DEPTH = 3;

const CHUNK_BYTES = 64 * 1024;

class ParseTimeout extends Error {}

export async function parseMessage(original: Buffer, opts: ParseOptions = {}): Promise<ParseResult> {
  const limits: ParseLimits = {
    ...PARSE_LIMITS,
    maxBytes: opts.maxBytes ?? PARSE_LIMITS.maxBytes,
    timeoutMs: opts.timeoutMs ?? PARSE_LIMITS.timeoutMs,
  };
  if (original.length > limits.maxBytes) {
    const reason = `too-large:${original.length}>${limits.maxBytes}`;
    const head = readHeaderSection(normalizeLineEndings(original.subarray(0, limits.maxHeaderSectionBytes)), limits);
    return head ? quarantineWithHeaders(reason, head) : { ok: false, reason };
  }
  const raw = normalizeLineEndings(original);

  // Past a structural limit, or when mailparser fails, the headers and text are still read.
  const structure = scanMimeStructure(raw, limits);
  if (!structure.ok) return salvageMessage(raw, original.length, limits, structure.reason);

  let mail: ParsedMail;
  try {
    mail = await runParser(raw, limits);
  } catch (err) {
    const reason = err instanceof ParseTimeout ? 'parse-timeout' : `parse-error:${describe(err)}`;
    return salvageMessage(raw, original.length, limits, reason);
  }
  try {
    const message = toParsedMessage(mail, structure, original.length);
    const depth = opts.wrapperDepth ?? 0;
    if (depth >= MAX_WRAPPER_DEPTH) return { ok: true, message };
    const parseEntity = (entity: Buffer) => parseMessage(entity, { ...opts, wrapperDepth: depth + 1 });
    return { ok: true, message: unpackTnef(await unwrapSmime(message, parseEntity)) };
  } catch (err) {
    return salvageMessage(raw, original.length, limits, `parse-error:${describe(err)}`);
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
  const message = errorMessage(err);
  return (
    message
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'unknown'
  );
}

function headerMap(mail: ParsedMail, charsetHint: string | undefined): Map<string, string[]> {
  const headers = new Map<string, string[]>();
  for (const { key, line } of mail.headerLines ?? []) {
    const name = key.toLowerCase();
    const values = headers.get(name) ?? [];
    values.push(decodeHeaderLine(line, charsetHint));
    headers.set(name, values);
  }
  return headers;
}

/**
 * An address header as mailparser reads it, except when its raw value has 8-bit bytes or
 * ISO-2022-JP escapes: those are decoded in their detected charset first (mailparser would take
 * them as UTF-8 and lose the display name).
 */
function headerCharset(mail: ParsedMail, declared: string | undefined): string | undefined {
  return detectHeaderBlockCharset(
    (mail.headerLines ?? []).map((h) => h.line.slice(h.line.indexOf(':') + 1)),
    declared,
  );
}

const ADDRESS_FIELDS = { from: 'from', 'reply-to': 'replyTo', to: 'to', cc: 'cc' } as const;

function addressHeader(
  mail: ParsedMail,
  name: keyof typeof ADDRESS_FIELDS,
  charsetHint: string | undefined,
): AddressObject | AddressObject[] | undefined {
  const lines = (mail.headerLines ?? []).filter((h) => h.key.toLowerCase() === name).map((h) => h.line);
  if (!lines.some((l) => /[\x80-\xff\x1b]/.test(l))) return mail[ADDRESS_FIELDS[name]];
  const values = lines.map((l) => decodeRawHeaderBytes(unfold(l.slice(l.indexOf(':') + 1)), charsetHint));
  return parseAddressHeader(values);
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
  const hint = headerCharset(mail, structure.charset);
  const headers = headerMap(mail, hint);
  const first = (name: string) => headers.get(name)?.[0];

  const subject = first('subject')?.trim();
  const dateValue = first('date');
  const date = dateValue ? new Date(dateValue) : undefined;
  const html = typeof mail.html === 'string' ? stripNul(mail.html) : undefined;
  const text = typeof mail.text === 'string' ? stripNul(mail.text) : undefined;

  return {
    headers,
    from: toAddressList(addressHeader(mail, 'from', hint))[0],
    replyTo: toAddressList(addressHeader(mail, 'reply-to', hint)),
    to: toAddressList(addressHeader(mail, 'to', hint)),
    cc: toAddressList(addressHeader(mail, 'cc', hint)),
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
