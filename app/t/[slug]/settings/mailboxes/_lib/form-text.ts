// How the mailbox forms read typed text: an empty field means "not given" (the default, or keep what is
// stored), never an empty value; a secret is taken exactly as typed, spaces and all.
import { z } from 'zod';

/** Trimmed text, or undefined when the field was left empty. */
export const optionalText = z
  .string()
  .max(4000)
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

/** A password or client secret exactly as typed; empty (undefined) keeps the stored one on edits. */
export const typedSecret = z
  .string()
  .max(2000)
  .optional()
  .transform((v) => (v ? v : undefined));
