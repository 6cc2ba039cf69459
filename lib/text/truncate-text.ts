// Shortens text for headings, lists and header values without splitting a character: by grapheme
// (what a reader sees as one character), so neither a surrogate pair nor an emoji sequence is cut.
const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** At most `max` graphemes; longer text ends in "…" (counted in `max`). */
export function truncateText(text: string, max: number): string {
  if (text.length <= max) return text;
  const out: string[] = [];
  for (const { segment } of segmenter.segment(text)) {
    if (out.length === max) {
      out[max - 1] = '…';
      return out.join('');
    }
    out.push(segment);
  }
  return out.join('');
}

/** At most `max` UTF-16 code units, cut on a grapheme boundary (for limits counted in code units). */
export function truncateCodeUnits(text: string, max: number): string {
  if (text.length <= max) return text;
  let out = '';
  for (const { segment } of segmenter.segment(text)) {
    if (out.length + segment.length > max) break;
    out += segment;
  }
  return out;
}
