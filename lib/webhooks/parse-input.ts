// zod → AppError('validation') carrying the first field, so forms and the API say the same thing.
import type { z } from 'zod';
import { AppError } from '@/lib/errors';
import { issueList } from '@/lib/zod-issues';

export function parseInput<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue?.path[0] !== undefined ? String(issue.path[0]) : undefined;
  throw new AppError('validation', issue?.message ?? 'Invalid input.', { field, fields: issueList(parsed.error) });
}
