// One reading of a yes/no typed as text, for env vars, query strings, CLI values and form checkboxes:
// "true"/"on"/"1"/"yes" and "false"/"off"/"0"/"no", any case. (z.coerce.boolean would read "false" as true.)
import { z } from 'zod';

const TRUE_WORDS = ['true', 'on', '1', 'yes'];
const FALSE_WORDS = ['false', 'off', '0', 'no'];

/** true, false, or undefined when the text is neither. */
export function parseBooleanText(value: string): boolean | undefined {
  const word = value.trim().toLowerCase();
  if (TRUE_WORDS.includes(word)) return true;
  if (FALSE_WORDS.includes(word)) return false;
  return undefined;
}

/** A boolean, or one of the words above; anything else fails with `message`. */
export function booleanInput(message = 'Use true or false.') {
  return z.union(
    [
      z.boolean(),
      z.string().transform((text, ctx) => {
        const value = parseBooleanText(text);
        if (value === undefined) {
          ctx.addIssue({ code: 'custom', message });
          return z.NEVER;
        }
        return value;
      }),
    ],
    { error: message },
  );
}

/** An HTML checkbox: present and "on" (or a true word) is true; absent is false. */
export const checkboxInput = z
  .string()
  .optional()
  .transform((v) => (v === undefined ? false : parseBooleanText(v) === true));
