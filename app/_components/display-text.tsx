// Subjects, names and file names from email, as shown (README "Security"): bidi overrides and
// invisible characters removed, the text isolated in <bdi> so right-to-left text cannot reorder what
// surrounds it, and long text cut at `max` characters with the full text on hover.
import { cleanDisplayText } from '@/lib/text/clean-display-text';
import { truncateText } from '@/lib/text/truncate-text';

/** Characters of a subject in lists and small places. */
export const LIST_TEXT_MAX = 140;
/** Characters of a subject in a page heading. */
export const HEADING_TEXT_MAX = 300;

export function DisplayText({ text, max }: { text: string; max?: number }) {
  const clean = cleanDisplayText(text);
  const shown = max ? truncateText(clean, max) : clean;
  return <bdi title={shown !== clean ? clean : undefined}>{shown}</bdi>;
}

/** The same cleaning for plain strings (document titles, attribute values). */
export function displayString(text: string, max?: number): string {
  const clean = cleanDisplayText(text);
  return max ? truncateText(clean, max) : clean;
}
