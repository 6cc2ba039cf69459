// A single linear pass over the raw bytes, before mailparser sees them: refuses trees that are too
// deep or too wide and header fields that are too long, and records every part's content type
// (mailparser hides some, e.g. the multipart containers and message/delivery-status).
import { decodeHeaderParams } from './decode-header';
import type { ParseLimits } from './parse-limits';

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
};

export type MimeStructureFailure = { ok: false; reason: string };

/** An open multipart (its boundary) or an embedded message (null). */
type Frame = { boundary: string | null };

// RFC 2046 caps boundaries at 70 characters; longer ones are not looked up.
const MAX_BOUNDARY = 200;

type ContentType = { type: string; params: Record<string, string> };

const CR = 13;
const LF = 10;
const DASH = 45;
const SPACE = 32;
const TAB = 9;
const COLON = 58;

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

export function scanMimeStructure(raw: Buffer, limits: ParseLimits): MimeStructure | MimeStructureFailure {
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

  const endHeaders = (): MimeStructureFailure | null => {
    finishField();
    parts++;
    if (parts > limits.maxParts) return { ok: false, reason: 'too-many-parts' };
    const ct = parseContentType(contentTypeValue);
    const insideEmbedded = frames.some((f) => f.boundary === null);
    if (!topType) topType = ct;
    if (!insideEmbedded) partTypes.push(ct.type);
    if (!insideEmbedded && !charset && ct.type.startsWith('text/') && ct.params.charset)
      charset = ct.params.charset.trim().toLowerCase();
    contentTypeValue = undefined;
    const cte = transferEncoding;
    transferEncoding = undefined;
    sectionBytes = 0;

    const boundary = ct.params.boundary;
    if (ct.type.startsWith('multipart/') && boundary) {
      if (frames.length + 1 > limits.maxNestingDepth) return { ok: false, reason: 'nesting-too-deep' };
      pushFrame(boundary.length <= MAX_BOUNDARY ? boundary : null);
      maxDepth = Math.max(maxDepth, frames.length);
      mode = 'body';
    } else if (
      (ct.type === 'message/rfc822' || ct.type === 'message/global') &&
      (!cte || cte === '7bit' || cte === '8bit' || cte === 'binary')
    ) {
      // The body is a whole message: its header section comes next.
      if (frames.length + 1 > limits.maxNestingDepth) return { ok: false, reason: 'nesting-too-deep' };
      pushFrame(null);
      maxDepth = Math.max(maxDepth, frames.length);
      mode = 'headers';
    } else {
      mode = 'body';
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
    while (end > start && (raw[end - 1] === SPACE || raw[end - 1] === TAB)) end--;
    if (end - start - 2 > MAX_BOUNDARY + 2) return null;
    const text = raw.toString('latin1', start + 2, end);
    const opens = innermost(text);
    const closes = text.endsWith('--') ? innermost(text.slice(0, -2)) : -1;
    if (opens === -1 && closes === -1) return null;
    return closes > opens ? { index: closes, close: true } : { index: opens, close: false };
  };

  const applyBoundary = (match: { index: number; close: boolean }) => {
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
        const failure = endHeaders();
        if (failure) return failure;
      } else if (raw[pos] === SPACE || raw[pos] === TAB) {
        if (field) {
          field.len += lineLen;
          if (field.len > limits.maxHeaderFieldBytes) return { ok: false, reason: 'header-line-too-long' };
          if (field.text !== null) field.text += raw.toString('latin1', pos, end);
        }
      } else if (maybeBoundary && (match = matchBoundary(pos, end))) {
        // A part without a blank line after its headers: they end here, and so does its body.
        const failure = endHeaders();
        if (failure) return failure;
        applyBoundary(match);
      } else {
        finishField();
        if (lineLen > limits.maxHeaderFieldBytes) return { ok: false, reason: 'header-line-too-long' };
        const at = raw.subarray(pos, end).indexOf(COLON);
        if (at !== -1) {
          const colon = pos + at;
          const name = raw.toString('latin1', pos, colon).trim().toLowerCase();
          const wanted = name === 'content-type' || name === 'content-transfer-encoding';
          field = { name, len: lineLen, text: wanted ? raw.toString('latin1', colon + 1, end) : null };
        }
      }
      // After the field checks, so one oversized line reports itself as such.
      if (sectionBytes > limits.maxHeaderSectionBytes) return { ok: false, reason: 'header-section-too-large' };
    } else if (maybeBoundary && (match = matchBoundary(pos, end))) {
      applyBoundary(match);
    }
    pos = next;
  }
  if (mode === 'headers') {
    const failure = endHeaders();
    if (failure) return failure;
  }

  return {
    ok: true,
    contentType: topType?.type ?? 'text/plain',
    reportType: topType?.type === 'multipart/report' ? topType.params['report-type']?.toLowerCase() : undefined,
    partTypes,
    ...(charset ? { charset } : {}),
    depth: maxDepth,
    parts,
  };
}
