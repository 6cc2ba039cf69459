// The parts of a message's text that per-format rules read, computed once and bounded: body lines
// one at a time, each cut to MAX_LINE characters, so every pattern run on them stays linear.
import type { ParsedMessage } from './types';

export const SCAN_BYTES = 256 * 1024;
const MAX_LINE = 1_000;
const OPENING_LINES = 12;
const OPENING_CHARS = 2_000;

// A person passing a bounce on: the bounce text then follows their own words and this marker.
const FORWARD_MARKER =
  /^\s*(-{2,}\s*(forwarded message|original message|message transféré|mensaje reenviado|weitergeleitete nachricht|ursprüngliche nachricht)|begin forwarded message:|anfang der weitergeleiteten|début du message réexpédié|-+\s*転送メッセージ)/i;

// Reply and forward prefixes people's mail programs add (English, German, French, Spanish, Nordic, Dutch, Japanese, Chinese).
const PERSON_SUBJECT =
  /^\s*(re|fwd?|aw|wg|tr|rv|sv|vs|antw|doorst|enc|res|r|i|転送|返信|回复|转发)\s*(\[\d+\])?\s*[:：]/i;

export type MessageTextView = {
  /** Body lines, each at most MAX_LINE characters. */
  lines: string[];
  /** The first lines of the body (quoted, blank and decorative lines skipped), whitespace collapsed, lower-case. */
  opening: string;
  /** The subject says a person replied to or forwarded something. */
  personSubject: boolean;
  /** The body passes something on ("Begin forwarded message", "-- Original Message --"). */
  forwards: boolean;
};

export function cappedLines(text: string | undefined): string[] {
  return (text ?? '')
    .slice(0, SCAN_BYTES)
    .split(/\r\n|\r|\n/)
    .map((line) => (line.length > MAX_LINE ? line.slice(0, MAX_LINE) : line));
}

const views = new WeakMap<ParsedMessage, MessageTextView>();

export function messageTextView(msg: ParsedMessage): MessageTextView {
  const known = views.get(msg);
  if (known) return known;
  const lines = cappedLines(msg.text);
  const opening: string[] = [];
  let forwards = false;
  for (const line of lines) {
    if (FORWARD_MARKER.test(line)) {
      forwards = true;
      break;
    }
    // Blank, quoted and decorative lines ("#####", "*** WARNING ***" frames keep their words) are skipped.
    if (opening.length < OPENING_LINES && /\p{L}/u.test(line) && !line.trimStart().startsWith('>'))
      opening.push(line.replace(/^[\s#*=-]+|[\s#*=-]+$/g, ''));
  }
  if (!forwards) forwards = lines.some((line) => FORWARD_MARKER.test(line));
  const view: MessageTextView = {
    lines,
    opening: opening.join(' ').replace(/\s+/g, ' ').slice(0, OPENING_CHARS).toLowerCase().normalize('NFC'),
    personSubject: PERSON_SUBJECT.test(msg.subject),
    forwards,
  };
  views.set(msg, view);
  return view;
}
