// A single linear pass over the raw bytes, before mailparser sees them: refuses trees that are too
// deep or too wide and header fields that are too long, and records every part's content type
// (mailparser hides some, e.g. the multipart containers and message/delivery-status). In salvage
// mode (for a message refused that way) it refuses nothing: it notes which limits were passed and
// where the text parts' bodies lie, so the text that can be found still reaches the case.
import { decodeHeaderParams } from './decode-header';
import type { ParseLimits } from './parse-limits';
import { COLON, CR, DASH, HT, LF, SP } from './raw-bytes';

export type MimeStructure = {
  ok: true;
  /** Top-level content type, lower-case type/subtype; text/plain when absent. */
  contentType: string;
  /** The report-type parameter of a top-level multipart/report. */
  reportType?: string;
  /**
   * Content types of this message's own parts, top-level first, in order. The parts of an
   * embedded message/rfc822 are not listed (they belong to the other message) but count
   * towards the depth and part limits.
   */
  partTypes: string[];
  /** The charset the first text part of this message declares (lower-case), if any: the hint for raw 8-bit headers. */
  charset?: string;
  depth: number;
  parts: number;
  /** Salvage mode: the limits this message passed (the reasons the strict scan gives). */
  exceeded?: string[];
  /** Salvage mode: text/plain and text/html leaf parts, in order, as byte ranges of their bodies. */
  textParts?: TextPart[];
};

export type TextPart = {
  type: 'text/plain' | 'text/html';
  charset?: string;
  transferEncoding?: string;
  /** Body bytes [start, end) of the part in the scanned buffer. */
  start: number;
  end: number;
  /** Inside an attached message/rfc822 (a forwarded message), not this message's own text. */
  embedded: boolean;
};

/** Text parts salvage mode records at most; a pathological tree may have thousands. */
const MAX_TEXT_PARTS = 50;

export type MimeStructureFailure = { ok: false; reason: string };

/** An open multipart (its boundary) or an embedded message (null). */
type Frame = { boundary: string | null };

// RFC 2046 caps boundaries at 70 characters; longer ones are not looked up.
const MAX_BOUNDARY = 200;

type ContentType = { type: string; params: Record<string, string> };

/** Parses a Content-Type value: `type/subtype; name=value; name="quoted"`, RFC 2231 continuations joined. */
export function parseContentType(value: string | undefined): ContentType {
  if (!value) return { type: 'text/plain', params: {} };
  let parsed: { value: string; params: Record<string, string> };
  try {
    parsed = decodeHeaderParams(value);
  } catch {
    return { type: 'text/plain', params: {} };
  }
  const type = parsed.value.trim().toLowerCase().replace(/\s+/g, '');
  return {
    type: /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/.test(type) ? type : 'text/plain',
    params: parsed.params,
  };
}

export function scanMimeStructure(
  raw: Buffer,
  limits: ParseLimits,
  opts: { salvage?: boolean } = {},
): MimeStructure | MimeStructureFailure {
  const exceeded: string[] = [];
  const textParts: TextPart[] = [];
  let openText: Omit<TextPart, 'end'> | null = null;
  /** A passed limit: the failure in strict mode; in salvage mode noted, and the scan goes on. */
  const over = (reason: string): MimeStructureFailure | null => {
    if (!opts.salvage) return { ok: false, reason };
    if (!exceeded.includes(reason)) exceeded.push(reason);
    return null;
  };
  const closeText = (end: number) => {
    if (openText) textParts.push({ ...openText, end: Math.max(openText.start, end) });
    openText = null;
  };
  const frames: Frame[] = [];
  const partTypes: string[] = [];
  let topType: ContentType | undefined;
  let charset: string | undefined;
  let maxDepth = 0;
  let parts = 0;

  let mode: 'headers' | 'body' = 'headers';
  let sectionBytes = 0;
  let field: { name: string; len: number; text: string | null } | null = null;
  let contentTypeValue: string | undefined;
  let transferEncoding: string | undefined;

  const finishField = () => {
    if (!field) return;
    if (field.name === 'content-type' && contentTypeValue === undefined) contentTypeValue = field.text ?? '';
    if (field.name === 'content-transfer-encoding' && transferEncoding === undefined)
      transferEncoding = (field.text ?? '').trim().toLowerCase();
    field = null;
  };

  /** The header section of a part ends; its body (if any) starts at bodyStart. */
  const endHeaders = (bodyStart: number): MimeStructureFailure | null => {
    finishField();
    parts++;
    if (parts > limits.maxParts) {
      const failure = over('too-many-parts');
      if (failure) return failure;
    }
    const ct = parseContentType(contentTypeValue);
    const insideEmbedded = frames.some((f) => f.boundary === null);
    if (!topType) topType = ct;
    if (!insideEmbedded && partTypes.length < limits.maxParts) partTypes.push(ct.type);
    if (!insideEmbedded && !charset && ct.type.startsWith('text/') && ct.params.charset)
      charset = ct.params.charset.trim().toLowerCase();
    contentTypeValue = undefined;
    const cte = transferEncoding;
    transferEncoding = undefined;
    sectionBytes = 0;

    const boundary = ct.params.boundary;
    if (ct.type.startsWith('multipart/') && boundary) {
      if (frames.length + 1 > limits.maxNestingDepth) {
        const failure = over('nesting-too-deep');
        if (failure) return failure;
      }
      pushFrame(boundary.length <= MAX_BOUNDARY ? boundary : null);
      maxDepth = Math.max(maxDepth, frames.length);
      mode = 'body';
    } else if (
      (ct.type === 'message/rfc822' || ct.type === 'message/global') &&
      (!cte || cte === '7bit' || cte === '8bit' || cte === 'binary')
    ) {
      // The body is a whole message: its header section comes next.
      if (frames.length + 1 > limits.maxNestingDepth) {
        const failure = over('nesting-too-deep');
        if (failure) return failure;
      }
      pushFrame(null);
      maxDepth = Math.max(maxDepth, frames.length);
      mode = 'headers';
    } else {
      mode = 'body';
      if (opts.salvage && (ct.type === 'text/plain' || ct.type === 'text/html') && textParts.length < MAX_TEXT_PARTS) {
        openText = {
          type: ct.type,
          ...(ct.params.charset ? { charset: ct.params.charset.trim().toLowerCase() } : {}),
          ...(cte ? { transferEncoding: cte } : {}),
          start: bodyStart,
          embedded: insideEmbedded,
        };
      }
    }
    return null;
  };

  // Open boundaries → indexes of their frames (innermost last), so matching a line costs one
  // lookup however deep the tree is.
  const open = new Map<string, number[]>();
  const pushFrame = (boundary: string | null) => {
    if (boundary !== null) {
      const at = open.get(boundary);
      if (at) at.push(frames.length);
      else open.set(boundary, [frames.length]);
    }
    frames.push({ boundary });
  };
  const popFrames = (length: number) => {
    while (frames.length > length) {
      const b = frames.pop()!.boundary;
      if (b === null) continue;
      const at = open.get(b)!;
      at.pop();
      if (at.length === 0) open.delete(b);
    }
  };
  const innermost = (boundary: string): number => {
    const at = open.get(boundary);
    return at ? at[at.length - 1] : -1;
  };

  /** Which open multipart the line [start, end) (starting with "--") delimits, and whether it closes it. */
  const matchBoundary = (start: number, end: number): { index: number; close: boolean } | null => {
    if (open.size === 0) return null;
    while (end > start && (raw[end - 1] === SP || raw[end - 1] === HT)) end--;
    if (end - start - 2 > MAX_BOUNDARY + 2) return null;
    const text = raw.toString('latin1', start + 2, end);
    const opens = innermost(text);
    const closes = text.endsWith('--') ? innermost(text.slice(0, -2)) : -1;
    if (opens === -1 && closes === -1) return null;
    return closes > opens ? { index: closes, close: true } : { index: opens, close: false };
  };

  /** A delimiter line starting at lineStart; the line break before it belongs to the delimiter (RFC 2046). */
  const applyBoundary = (match: { index: number; close: boolean }, lineStart: number) => {
    let bodyEnd = lineStart;
    if (bodyEnd > 0 && raw[bodyEnd - 1] === LF) bodyEnd--;
    if (bodyEnd > 0 && raw[bodyEnd - 1] === CR) bodyEnd--;
    closeText(bodyEnd);
    if (match.close) {
      popFrames(match.index);
      mode = 'body';
      return;
    }
    popFrames(match.index + 1);
    mode = 'headers';
    sectionBytes = 0;
    field = null;
    contentTypeValue = undefined;
    transferEncoding = undefined;
  };

  let pos = 0;
  const len = raw.length;
  while (pos < len) {
    const nl = raw.indexOf(LF, pos);
    const next = nl === -1 ? len : nl + 1;
    let end = nl === -1 ? len : nl;
    if (end > pos && raw[end - 1] === CR) end--;
    const lineLen = end - pos;
    let match: { index: number; close: boolean } | null = null;
    const maybeBoundary = lineLen >= 3 && raw[pos] === DASH && raw[pos + 1] === DASH;

    if (mode === 'headers') {
      sectionBytes += next - pos;
      if (lineLen === 0) {
        const failure = endHeaders(next);
        if (failure) return failure;
      } else if (raw[pos] === SP || raw[pos] === HT) {
        if (field) {
          field.len += lineLen;
          if (field.len > limits.maxHeaderFieldBytes && field.name !== '') {
            const failure = over('header-line-too-long');
            if (failure) return failure;
            field = { name: '', len: field.len, text: null }; // salvage: the field is dropped
          }
          if (field.text !== null) field.text += raw.toString('latin1', pos, end);
        }
      } else if (maybeBoundary && (match = matchBoundary(pos, end))) {
        // A part without a blank line after its headers: they end here, and so does its body.
        const failure = endHeaders(pos);
        if (failure) return failure;
        applyBoundary(match, pos);
      } else {
        finishField();
        const tooLong = lineLen > limits.maxHeaderFieldBytes;
        if (tooLong) {
          const failure = over('header-line-too-long');
          if (failure) return failure;
        }
        const at = tooLong ? -1 : raw.subarray(pos, end).indexOf(COLON);
        if (at !== -1) {
          const colon = pos + at;
          const name = raw.toString('latin1', pos, colon).trim().toLowerCase();
          const wanted = name === 'content-type' || name === 'content-transfer-encoding';
          field = { name, len: lineLen, text: wanted ? raw.toString('latin1', colon + 1, end) : null };
        }
      }
      // After the field checks, so one oversized line reports itself as such.
      if (sectionBytes > limits.maxHeaderSectionBytes) {
        const failure = over('header-section-too-large');
        if (failure) return failure;
      }
    } else if (maybeBoundary && (match = matchBoundary(pos, end))) {
      applyBoundary(match, pos);
    }
    pos = next;
  }
  if (mode === 'headers') {
    const failure = endHeaders(len);
    if (failure) return failure;
  }
  closeText(len);

  return {
    ok: true,
    contentType: topType?.type ?? 'text/plain',
    reportType: topType?.type === 'multipart/report' ? topType.params['report-type']?.toLowerCase() : undefined,
    partTypes,
    ...(charset ? { charset } : {}),
    depth: maxDepth,
    parts,
    ...(opts.salvage ? { exceeded, textParts } : {}),
  };
}
