// What the case page and lists show of a message, computed once at ingestion (in the message worker
// pool, under the message budget) and stored with the history row: sanitized HTML with remote images
// already blocked, the text split into new and quoted blocks with links found, a preview snippet and
// a frame height. Pages render this as stored (app/t/[slug]/cases/[number]/message-body.tsx); nothing
// is sanitized or pattern-matched per request. Bumping DERIVED_CONTENT_VERSION makes the backfill
// (lib/cases/backfill-derived-content.ts) recompute older rows; until then they render as stored.
import { sanitizeEmailHtml } from './sanitize-html';
import { textBlocks, type TextBlock } from './split-quoted-text';

export const DERIVED_CONTENT_VERSION = 1;
/** Sanitized HTML kept for display; longer shows its beginning and "view original". */
export const DISPLAY_HTML_MAX_CHARS = 1024 * 1024;
/** Plain text kept for display; longer shows its beginning and "view original". */
export const DISPLAY_TEXT_MAX_CHARS = 256 * 1024;
const PREVIEW_CHARS = 200;

export type DerivedContent = {
  version: number;
  /** Sanitized; blocked remote images carry their URL in data-cf-remote-src; cid: images keep their cid: src. */
  html: string | null;
  blockedRemoteImages: number;
  frameHeight: number;
  text: TextBlock[] | null;
  /** The HTML or text was longer than the display cap and is cut (at a tag or line boundary). */
  truncated: boolean;
  preview: string;
};

export type DeriveInput = { html?: string | null; text?: string | null };
export type Sanitizer = typeof sanitizeEmailHtml;

export function deriveContent(input: DeriveInput, sanitizer: Sanitizer = sanitizeEmailHtml): DerivedContent {
  let truncated = false;
  let html: string | null = null;
  let blockedRemoteImages = 0;
  if (input.html) {
    // Only the beginning is ever shown, so only the beginning is sanitized (an 11 MB newsletter
    // would otherwise spend seconds of its budget on markup nobody sees).
    let source = input.html;
    if (source.length > DISPLAY_HTML_MAX_CHARS) {
      const cut = source.lastIndexOf('<', DISPLAY_HTML_MAX_CHARS);
      source = source.slice(0, cut > 0 ? cut : DISPLAY_HTML_MAX_CHARS);
      truncated = true;
    }
    const clean = sanitizer(source, { cidUrl: (cid) => `cid:${encodeURIComponent(cid)}`, markBlocked: true });
    blockedRemoteImages = clean.blockedRemoteImages;
    html = clean.html;
    if (html.length > DISPLAY_HTML_MAX_CHARS) {
      const cut = html.lastIndexOf('<', DISPLAY_HTML_MAX_CHARS);
      html = html.slice(0, cut > 0 ? cut : DISPLAY_HTML_MAX_CHARS);
      truncated = true;
    }
  }
  let text: TextBlock[] | null = null;
  let body = input.text ?? '';
  if (body.length > DISPLAY_TEXT_MAX_CHARS) {
    const cut = body.lastIndexOf('\n', DISPLAY_TEXT_MAX_CHARS);
    body = body.slice(0, cut > 0 ? cut : DISPLAY_TEXT_MAX_CHARS);
    if (!html) truncated = true;
  }
  if (body) text = textBlocks(body);
  const fresh = (text ?? [])
    .filter((b) => !b.quoted)
    .map((b) => b.parts.map((p) => p.text).join(''))
    .join(' ');
  return {
    version: DERIVED_CONTENT_VERSION,
    html,
    blockedRemoteImages,
    frameHeight: html ? estimateFrameHeight(html) : 0,
    text,
    truncated,
    preview: fresh
      .slice(0, PREVIEW_CHARS * 4)
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, PREVIEW_CHARS),
  };
}

/** Text we wrote ourselves (notes, replies, system events, an unreadable message's raw text): one block, no pattern run over it. */
export function plainContent(text: string | null | undefined): DerivedContent {
  let body = text ?? '';
  const truncated = body.length > DISPLAY_TEXT_MAX_CHARS;
  if (truncated) body = body.slice(0, DISPLAY_TEXT_MAX_CHARS);
  return {
    version: DERIVED_CONTENT_VERSION,
    html: null,
    blockedRemoteImages: 0,
    frameHeight: 0,
    text: body ? [{ quoted: false, parts: [{ text: body }] }] : null,
    truncated,
    preview: body.slice(0, PREVIEW_CHARS).trim(),
  };
}

/** A height that fits most mails without scripts in the frame to measure them; the agent can drag it taller. */
function estimateFrameHeight(html: string): number {
  const blocks = (html.match(/<(br|p|div|tr|li|h[1-6]|blockquote|table)\b/gi) ?? []).length;
  const text = html.replace(/<[^>]*>/g, '').length;
  return Math.max(120, Math.min(900, 40 + blocks * 20 + Math.ceil(text / 90) * 20));
}

/** The stored display columns of a history row whose text we wrote (replies, notes, system events). */
export function plainDisplayColumns(text: string | null | undefined) {
  return displayColumns(plainContent(text));
}

/** A history row's stored display columns for derived content (the version as a column for the backfill). */
export function displayColumns(display: DerivedContent): {
  display: DerivedContent;
  displayVersion: number;
  preview: string;
} {
  return { display, displayVersion: display.version, preview: display.preview };
}
