// A plain-text body split into what the sender wrote and the quoted text of earlier mail (">" lines
// and the "On … wrote:" line above them), with links found, once, at ingestion in the message worker
// pool. Linear: attribution lines are recognised with fixed-string checks on lines of at most
// ATTRIBUTION_MAX_CHARS; no pattern with two unbounded parts ever sees a message line (such a
// pattern, `Am\s.+schrieb.*:`, once took seconds per render on one long line).

export type TextPart = { text: string; link?: string };
export type TextBlock = { quoted: boolean; parts: TextPart[] };

/** Longer lines are never attribution lines ("On Mon, 1 Jan 2024, Someone <a@b> wrote:" is short). */
const ATTRIBUTION_MAX_CHARS = 400;
/** Web and mail addresses; the body is capped before this runs and the pattern backtracks at most one character per match. */
const LINK = /\b(https?:\/\/[^\s<>"'`]{1,2000}[^\s<>"'`.,;:!?)\]}])|\b(mailto:[^\s<>"'`]{1,2000})/gi;

function isAttribution(line: string): boolean {
  if (line.length > ATTRIBUTION_MAX_CHARS) return false;
  const l = line.toLowerCase();
  const startsWord = (w: string) => l.startsWith(w) && /\s/.test(l.charAt(w.length));
  if (startsWord('on') && l.endsWith('wrote:')) return true;
  if (startsWord('am') && l.endsWith(':') && l.includes('schrieb')) return true;
  if (startsWord('le') && (l.endsWith('a écrit:') || l.endsWith('a écrit :'))) return true;
  const dashes = l.replace(/\s/g, '');
  return dashes === '-----originalmessage-----';
}

function isQuoteLine(line: string): boolean {
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === 62) return true; // '>'
    if (c !== 32 && c !== 9) return false;
  }
  return false;
}

const isBlank = (line: string) => line.trim() === '';

export function splitQuotedText(text: string): { quoted: boolean; text: string }[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const blocks: { quoted: boolean; lines: string[] }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const next = lines[i + 1];
    const quoted =
      isQuoteLine(line) || (isAttribution(line.trim()) && (next === undefined || isQuoteLine(next) || isBlank(next)));
    const prev = blocks.at(-1);
    if (prev && prev.quoted === quoted) prev.lines.push(line);
    else if (prev?.quoted && isBlank(line)) prev.lines.push(line);
    else blocks.push({ quoted, lines: [line] });
  }
  return blocks.map((b) => ({
    quoted: b.quoted,
    text: b.quoted ? b.lines.join('\n') : b.lines.join('\n').replace(/\n+$/, ''),
  }));
}

export function linkify(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  for (const m of text.matchAll(LINK)) {
    const i = m.index ?? 0;
    if (i > last) parts.push({ text: text.slice(last, i) });
    parts.push({ text: m[0], link: m[0] });
    last = i + m[0].length;
  }
  if (last < text.length) parts.push({ text: text.slice(last) });
  return parts;
}

/** The blocks as the case page shows them: quoted ones collapsed, links clickable. */
export function textBlocks(text: string): TextBlock[] {
  return splitQuotedText(text).map((b) => ({ quoted: b.quoted, parts: linkify(b.text) }));
}
