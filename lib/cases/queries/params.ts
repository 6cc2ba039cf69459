// Zod pieces shared by the case read queries: they arrive as query-string text (API) or flags (CLI).
import { z } from 'zod';
import { booleanInput } from '@/lib/boolean-text';
import { CASE_PRIORITIES, CASE_STATUSES } from '@/lib/cases/case-status';
import { AppError } from '@/lib/errors';
import { issueList } from '@/lib/zod-issues';

export const MAX_PAGE_SIZE = 200;

/** 1…200, default 50; larger values are clamped rather than refused (as most list APIs do). */
export const limitParam = z.coerce
  .number()
  .int()
  .min(1)
  .default(50)
  .transform((n) => Math.min(n, MAX_PAGE_SIZE));

export const cursorParam = z.string().trim().min(1).max(512).optional();

export const booleanParam = booleanInput();

export const caseNumberParam = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

export const caseStatusParam = z.enum(CASE_STATUSES);

/** The filters the case list and the search share (the API's and the CLI's query parameters). */
export const caseFilterParams = {
  status: caseStatusParam.optional(),
  mailboxId: z.uuid().optional(),
  imported: booleanParam.optional(),
  assignee: z.union([z.literal('unassigned'), z.uuid()]).optional(),
  priority: z.enum(CASE_PRIORITIES).optional(),
  /** Cases carrying this tag (tags are stored lower-case). */
  tag: z.string().trim().toLowerCase().min(1).max(50).optional(),
};

/** Parses query input; a bad value is a validation error naming the field. */
export function parseQueryInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input ?? {});
  if (!parsed.success) {
    const fields = issueList(parsed.error);
    const first = fields[0];
    throw new AppError('validation', first ? `${first.path || 'input'}: ${first.message}` : 'Invalid input.', {
      fields,
    });
  }
  return parsed.data;
}
