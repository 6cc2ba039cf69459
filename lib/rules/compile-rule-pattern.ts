// User regexes run on hostile mail, so they go through RE2 (re2js: linear time, no backtracking),
// never through JS RegExp. A pattern RE2 cannot express (look-around, back-references) is refused
// at save time with the reason in words.
import { RE2JS } from 're2js';
import { AppError } from '@/lib/errors';

export const MAX_PATTERN_LENGTH = 500;
/**
 * Compiled program size per pattern. RE2 is linear in the input, but its cost per byte grows with the
 * program: at the old cap (20,000) `(\w+\s*){1,1000}zzqq` took 5 s on 32 KB and stalled every tenant.
 * At 64 the worst pattern costs well under half a second on the 64 KB a condition may scan, and
 * ordinary patterns (alternations, `\d+`, an address shape) stay far below it.
 */
export const MAX_PROGRAM_SIZE = 64;

export type RulePattern = { test(input: string): boolean };

/** Why the pattern is not usable, or null when it is. */
export function describePatternProblem(pattern: string): string | null {
  if (pattern.length === 0) return 'Enter a regular expression.';
  if (pattern.length > MAX_PATTERN_LENGTH)
    return `A regular expression may be at most ${MAX_PATTERN_LENGTH} characters long (this one has ${pattern.length}).`;
  try {
    const re = RE2JS.compile(pattern, RE2JS.CASE_INSENSITIVE);
    if (re.programSize() > MAX_PROGRAM_SIZE)
      return 'This regular expression is too complex for the rules’ time budget (too many repetitions or alternatives); simplify it.';
    return null;
  } catch (err) {
    const detail = err instanceof Error ? err.message.replace(/^error parsing regexp:\s*/, '') : 'invalid';
    const hint = /\\[1-9]|\(\?[=!<]/.test(pattern)
      ? ' Look-around and back-references are not supported (RE2 syntax).'
      : '';
    return `Not a valid regular expression: ${detail}.${hint}`;
  }
}

/** The compiled program size of a valid pattern (what the tenant-wide pattern budget counts). */
export function patternCost(pattern: string): number {
  return RE2JS.compile(pattern, RE2JS.CASE_INSENSITIVE).programSize();
}

/** Case-insensitive, unanchored (a match anywhere in the text counts). Throws AppError('validation'). */
export function compileRulePattern(pattern: string): RulePattern {
  const problem = describePatternProblem(pattern);
  if (problem) throw new AppError('validation', problem, { field: 'pattern' });
  return RE2JS.compile(pattern, RE2JS.CASE_INSENSITIVE);
}
