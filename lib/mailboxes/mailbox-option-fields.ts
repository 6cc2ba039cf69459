// The options that API mailboxes (./create-api-mailbox.ts, ./update-api-mailbox.ts) and forwarding-address
// mailboxes (./create-forward-mailbox.ts) take the same way, as zod fields to spread into their schemas, and
// the validation error the API mailbox checks throw. Server mailboxes have their own schema, with a message
// per bound (./mailbox-settings-schema.ts).
import { z } from 'zod';
import { booleanInput } from '@/lib/boolean-text';
import { AppError } from '@/lib/errors';
import type { FieldIssue } from '@/lib/zod-issues';

const flag = (what: string) => booleanInput(`${what} must be true or false.`);

/** A whole number within bounds, with one message for every way it can be wrong (a form shows it at the field). */
export function boundedInt(min: number, max: number, message: string) {
  return z.coerce.number({ error: message }).int(message).min(min, message).max(max, message);
}

/** What the mailbox does with a new message: open a case, acknowledge it, and the largest message it takes. */
export const newMailFields = {
  createCases: flag('“Create cases from new messages”').optional(),
  ackEnabled: flag('“Send acknowledgements”').optional(),
  maxMessageBytes: boundedInt(
    1024,
    200 * 1024 * 1024,
    'Use a message size limit between 1 KB and 200 MB (in bytes).',
  ).optional(),
};

/** A mailbox Caseflow reads from: where processed messages go, the new-mail options, and how often it polls. */
export const readMailboxFields = {
  afterProcessing: z
    .enum(['delete', 'move'], { error: 'After processing, messages are either deleted or moved.' })
    .optional(),
  moveToFolder: z.string().trim().max(500).nullish(),
  ...newMailFields,
  pollIntervalSeconds: boundedInt(
    15,
    86_400,
    'Check for new mail between every 15 seconds and once a day (86400 seconds).',
  ).optional(),
};

/** Throws AppError('validation') with every issue, the first one's message and field leading. */
export function failMailboxValidation(issues: FieldIssue[]): never {
  throw new AppError('validation', issues[0]?.message ?? 'Check the mailbox settings.', {
    fields: issues,
    field: issues[0]?.path,
  });
}
