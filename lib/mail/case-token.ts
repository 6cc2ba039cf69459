// The "[Case #N]" token in subjects: written on everything we send, read back as a threading hint
// (trusted only together with a participant check, see thread.ts).

// Tolerates what mail clients and people do to it: "[case #12]", "[Case#12]", "[ Case # 12 ]".
const TOKEN = /\[\s*case\s*#\s*(\d{1,15})\s*\]/gi;
// Reply/forward prefixes in the languages our users write in; the token goes after them.
const PREFIX = /^(?:\s*(?:re|fwd?|aw|wg|sv|vs|antw|tr|rif|r|res|enc|odp|doorst)\s*(?:\[\d+\])?\s*:)+\s*/i;

/** Case numbers named in a subject, in order of appearance, without repeats. */
export function extractCaseTokens(subject: string | null | undefined): number[] {
  if (!subject) return [];
  const seen = new Set<number>();
  for (const match of subject.matchAll(TOKEN)) {
    const n = Number(match[1]);
    if (Number.isSafeInteger(n) && n > 0) seen.add(n);
  }
  return [...seen];
}

/**
 * `[Case #N] subject`: a subject already carrying N's token is left as it is; tokens of other cases
 * are dropped (they would thread the reply elsewhere); reply prefixes stay in front ("Re: [Case #N] …").
 */
export function formatCaseSubject(caseNumber: number, subject: string | null | undefined): string {
  const text = (subject ?? '').replace(/\s+/g, ' ').trim();
  const tokens = extractCaseTokens(text);
  if (tokens.length === 1 && tokens[0] === caseNumber) return text;
  const token = `[Case #${caseNumber}]`;
  const withoutTokens = text.replace(TOKEN, ' ').replace(/\s+/g, ' ').trim();
  const prefix = PREFIX.exec(withoutTokens)?.[0] ?? '';
  const rest = withoutTokens.slice(prefix.length).trim();
  return [prefix.trim(), token, rest].filter(Boolean).join(' ');
}
