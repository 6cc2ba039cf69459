// Text from email (subjects, names, file names) is shown as plain text, but Unicode can still lie:
// a right-to-left override turns "invoice‮gpj.exe" into what reads as "invoiceexe.jpg", and
// invisible characters hide or split words. Those characters are removed before display; the
// stored value keeps the original bytes (README "Security").

/**
 * Bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), the
 * left-to-right/right-to-left/Arabic marks, C0/C1 controls (tab and line breaks become spaces),
 * zero-width space, word joiner and invisible operators, the byte-order mark, the soft hyphen and
 * the interlinear annotation characters. Zero-width (non-)joiners stay: emoji sequences and Persian
 * and Indic scripts need them.
 */
const invisible =
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]/g;
const breaks = /[\t\n\r\u2028\u2029]+/g;

/** The text with bidi controls and invisible characters removed, line breaks and tabs as single spaces. */
export function cleanDisplayText(text: string): string {
  return text.replace(breaks, ' ').replace(invisible, '');
}
