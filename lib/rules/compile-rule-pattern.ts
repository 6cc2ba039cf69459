// User regexes run on hostile mail, so they go through RE2 (re2js: linear time, no backtracking),
// never through JS RegExp. A pattern RE2 cannot express (look-around, back-references) is refused
// at save time with the reason in words.
import { RE2JS } from 're2js';
import { AppError } from '@/lib/errors';

export const MAX_PATTERN_LENGTH = 500;
/** Compiled program size: keeps a pattern like `(a{1000}){1000}`-ish blow-ups out even though RE2 stays linear. */
const MAX_PROGRAM_SIZE = 20_000;

export type RulePattern = { test(input: string): boolean };

/** Why the pattern is not usable, or null when it is. */
export function describePatternProblem(pattern: string): string | null {
  if (pattern.length === 0) return 'Enter a regular expression.';
  if (pattern.length > MAX_PATTERN_LENGTH)
    return `A regular expression may be at most ${MAX_PATTERN_LENGTH} characters long (this one has ${pattern.length}).`;
  try {
    const re = RE2JS.compile(pattern, RE2JS.CASE_INSENSITIVE);
    if (re.programSize() > MAX_PROGRAM_SIZE)
      return 'This regular expression is too complex (too many repetitions); simplify it.';
    return null;
  } catch (err) {
    const detail = err instanceof Error ? err.message.replace(/^error parsing regexp:\s*/, '') : 'invalid';
    const hint = /\\[1-9]|\(\?[=!<]/.test(pattern)
      ? ' Look-around and back-references are not supported (RE2 syntax).'
      : '';
    return `Not a valid regular expression: ${detail}.${hint}`;
  }
}

/** Case-insensitive, unanchored (a match anywhere in the text counts). Throws AppError('validation'). */
export function compileRulePattern(pattern: string): RulePattern {
  const problem = describePatternProblem(pattern);
  if (problem) throw new AppError('validation', problem, { field: 'pattern' });
  return RE2JS.compile(pattern, RE2JS.CASE_INSENSITIVE);
}
