// The top-level header section on its own, read without mailparser: what a quarantined row and a
// salvaged message show (From, Subject, Date, Message-ID, threading headers) when the body is too
// big, too deep or too broken to parse. Bounded like parseMessage: it stops at the section limit
// and skips any field longer than the field limit, keeping the others.
import { parseAddressHeader } from 'mailparser';
import { messageIdsIn, toAddressList } from './addresses';
import { decodeHeaderValue, decodeRawHeaderBytes, unfold } from './decode-header';
import { detectHeaderBlockCharset } from './detect-legacy-charset';
import type { ParseLimits } from './parse-limits';
import type { ParsedMessage } from './types';

/** The header fields of a message, without its body. */
export type HeaderSection = Pick<
  ParsedMessage,
  'headers' | 'from' | 'replyTo' | 'to' | 'cc' | 'subject' | 'date' | 'messageId' | 'inReplyTo' | 'references'
> & {
  /** False when the section passed a limit (a field skipped, or no end within the section limit). */
  complete: boolean;
};

const FIELD_NAME = /^[!-9;-~]+$/;

// How far past the section limit the reader looks for the fields after an oversized one (a 1 MB
// junk header before the Subject), skipping what it cannot keep without converting it.
const LOOK_AHEAD_SECTIONS = 4;

/** Raw "name → value" pairs (latin1, still folded) of the first header section, or null when it has no field. */
function rawFields(raw: Buffer, limits: Pick<ParseLimits, 'maxHeaderSectionBytes' | 'maxHeaderFieldBytes'>) {
  const stop = Math.min(raw.length, limits.maxHeaderSectionBytes * LOOK_AHEAD_SECTIONS);
  const fields: { name: string; value: string }[] = [];
  let complete = true;
  let field: { start: number; end: number } | null = null;
  const keep = () => {
    if (!field) return;
    if (field.end - field.start > limits.maxHeaderFieldBytes) {
      complete = false;
    } else {
      const line = raw.toString('latin1', field.start, field.end);
      const colon = line.indexOf(':');
      const name = colon > 0 ? line.slice(0, colon).trim().toLowerCase() : '';
      // Lines without a field name (an mbox "From " line) are skipped.
      if (FIELD_NAME.test(name)) fields.push({ name, value: line.slice(colon + 1) });
    }
    field = null;
  };
  let pos = 0;
  let ended = false;
  while (pos < stop) {
    const nl = raw.indexOf(10, pos);
    if (nl === -1 || nl >= stop) break; // only complete lines count
    const end = nl > pos && raw[nl - 1] === 13 ? nl - 1 : nl;
    if (end === pos) {
      ended = true;
      break;
    }
    if ((raw[pos] === 32 || raw[pos] === 9) && field) field.end = end;
    else {
      keep();
      field = { start: pos, end };
    }
    pos = nl + 1;
  }
  keep();
  if (!ended || pos > limits.maxHeaderSectionBytes) complete = false;
  return fields.length > 0 ? { fields, complete } : null;
}

/**
 * Reads the first header section of `raw` (line endings already CRLF or LF). `declaredCharset` is
 * the charset the message declares for its text, the hint for raw 8-bit header bytes.
 */
export function readHeaderSection(
  raw: Buffer,
  limits: Pick<ParseLimits, 'maxHeaderSectionBytes' | 'maxHeaderFieldBytes'>,
  declaredCharset?: string,
): HeaderSection | null {
  const read = rawFields(raw, limits);
  if (!read) return null;
  const { fields, complete } = read;
  const hint = detectHeaderBlockCharset(
    fields.map((f) => f.value),
    declaredCharset,
  );
  const headers = new Map<string, string[]>();
  const rawValues = new Map<string, string[]>();
  for (const { name, value } of fields) {
    const decoded = headers.get(name) ?? [];
    decoded.push(decodeHeaderValue(value, hint));
    headers.set(name, decoded);
    const kept = rawValues.get(name) ?? [];
    kept.push(value);
    rawValues.set(name, kept);
  }
  const first = (name: string) => headers.get(name)?.[0];
  const addresses = (name: string) => {
    const values = rawValues.get(name);
    if (!values) return [];
    try {
      return toAddressList(parseAddressHeader(values.map((v) => decodeRawHeaderBytes(unfold(v), hint))));
    } catch {
      return [];
    }
  };
  const dateValue = first('date');
  const date = dateValue ? new Date(dateValue) : undefined;
  return {
    headers,
    from: addresses('from')[0],
    replyTo: addresses('reply-to'),
    to: addresses('to'),
    cc: addresses('cc'),
    subject: first('subject') || '(no subject)',
    date: date && !Number.isNaN(date.getTime()) ? date : undefined,
    messageId: messageIdsIn(first('message-id'))[0],
    inReplyTo: messageIdsIn(first('in-reply-to'))[0],
    references: messageIdsIn((headers.get('references') ?? []).join(' ')),
    complete,
  };
}
