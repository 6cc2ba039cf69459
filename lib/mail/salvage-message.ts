// A message parseMessage() could not read whole (nested past the depth limit, too many parts, an
// oversized part header, a parse error or timeout) still has readable headers and, usually, a
// text part somewhere. This reads them with bounded linear passes, so it becomes a case with the
// text that could be found, and says in `parseNotes` what was left out; the original stays
// attached to the case ("View original"). A top-level header section that cannot be read, or
// passes its limits, keeps the message quarantined (with whatever fields could be read).
import { decodeCharset, decodeEightBit, stripNul } from './decode-header';
import type { ParseLimits } from './parse-limits';
import { readHeaderSection, type HeaderSection } from './read-header-section';
import { scanMimeStructure, type TextPart } from './scan-mime-structure';
import type { ParsedMessage, ParseFailure, ParseResult } from './types';

function decodeQuotedPrintable(body: Buffer): Buffer {
  const text = body.toString('latin1').replace(/=\r?\n/g, '');
  return Buffer.from(
    text.replace(/=([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))),
    'latin1',
  );
}

function partText(raw: Buffer, part: TextPart, budget: number): string {
  let body = raw.subarray(part.start, part.end);
  const cte = part.transferEncoding;
  // Encoded forms are larger than what they decode to, so a budget-sized slice is enough.
  if (cte === 'base64') body = Buffer.from(body.subarray(0, Math.ceil(budget * 1.4)).toString('latin1'), 'base64');
  else if (cte === 'quoted-printable') body = decodeQuotedPrintable(body.subarray(0, budget * 3));
  body = body.subarray(0, budget);
  return stripNul(part.charset ? decodeCharset(body, part.charset) : decodeEightBit(body));
}

function htmlToRoughText(html: string): string {
  return html
    .replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<br\s*\/?>|<\/p>|<\/div>/gi, '\n')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/[ \t]+/g, ' ')
    .trim();
}

const WHY: Record<string, (s: { depth: number; parts: number }, limits: ParseLimits) => string> = {
  'nesting-too-deep': (s, l) =>
    `its MIME structure is nested ${s.depth} levels deep (the limit is ${l.maxNestingDepth})`,
  'too-many-parts': (s, l) => `it has ${s.parts} MIME parts (the limit is ${l.maxParts})`,
  'header-line-too-long': (_, l) => `a header field is longer than ${l.maxHeaderFieldBytes} bytes`,
  'header-section-too-large': (_, l) => `a part's header section is larger than ${l.maxHeaderSectionBytes} bytes`,
  'parse-timeout': (_, l) => `reading it took longer than ${l.timeoutMs} ms`,
};

/** Why the full parse gave up, in words for the case history. */
function describeFailure(reason: string, s: { depth: number; parts: number }, limits: ParseLimits): string {
  const why = WHY[reason];
  if (why) return why(s, limits);
  return `its body could not be parsed (${reason.replace(/^parse-error:/, '').replace(/-/g, ' ')})`;
}

/** A failure that still names the message: the quarantined row shows From, Subject, Date and Message-ID. */
export function quarantineWithHeaders(
  reason: string,
  head: HeaderSection | Omit<HeaderSection, 'complete'>,
): ParseFailure {
  return {
    ok: false,
    reason,
    headers: { from: head.from, subject: head.subject, date: head.date, messageId: head.messageId },
  };
}

/**
 * Reads what can be read of `raw` (CRLF line endings) after the full parse failed with `reason`.
 * `size` is the size of the message as stored.
 */
export function salvageMessage(raw: Buffer, size: number, limits: ParseLimits, reason: string): ParseResult {
  const structure = scanMimeStructure(raw, limits, { salvage: true });
  if (!structure.ok) return { ok: false, reason };
  const found = readHeaderSection(raw, limits, structure.charset);
  if (!found) return { ok: false, reason };
  const { complete, ...head } = found;
  // A header section past its limits is hostile rather than a pathological body: quarantined, with
  // the fields that could be read shown on the row.
  if (!complete) return quarantineWithHeaders(reason, head);

  const all = structure.textParts ?? [];
  const own = all.filter((p) => !p.embedded);
  const candidates = own.length > 0 ? own : all;
  const plain = candidates.filter((p) => p.type === 'text/plain');
  let budget = limits.maxSalvagedTextBytes;
  const texts: string[] = [];
  for (const part of plain) {
    if (budget <= 0) break;
    const t = partText(raw, part, budget);
    budget -= Buffer.byteLength(t);
    if (t.trim()) texts.push(t.trim());
  }
  const firstHtml = plain.length === 0 ? candidates.find((p) => p.type === 'text/html') : undefined;
  const html = firstHtml ? partText(raw, firstHtml, budget) : undefined;
  const text = texts.length > 0 ? texts.join('\n\n') : html ? htmlToRoughText(html) : undefined;

  const reasons = [...new Set([reason, ...(structure.exceeded ?? [])])];
  const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
  const kept = texts.length > 0 ? plural(texts.length, 'text part') : html ? 'its HTML text' : 'no text';
  const leftOut =
    structure.parts -
    (texts.length + (html ? 1 : 0)) -
    structure.partTypes.filter((t) => t.startsWith('multipart/')).length;
  const note =
    `This message could not be read in full: ${reasons.map((r) => describeFailure(r, structure, limits)).join('; ')}. ` +
    `Shown: its headers and ${kept}. ` +
    (leftOut > 0 ? `Left out: ${plural(leftOut, 'other MIME part')} (attachments included). ` : '') +
    `The original message is kept as received (View original).`;

  const message: ParsedMessage = {
    ...head,
    text,
    html,
    attachments: [],
    contentType: structure.contentType,
    reportType: structure.reportType,
    partTypes: structure.partTypes,
    size,
    parseNotes: [note],
  };
  return { ok: true, message };
}
