// One reading of a zod failure for every boundary: the issue list the API and AppError carry
// (`{ path: 'a.b', message }`), the first message a form shows, and the per-field messages.
import type { z } from 'zod';

export type FieldIssue = { path: string; message: string };

/** Every issue as `{ path, message }`, the path dotted and optionally prefixed (`oauth.clientId`). */
export function issueList(err: z.ZodError, prefix?: string): FieldIssue[] {
  return err.issues.map((issue) => ({
    path: [...(prefix ? [prefix] : []), ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
}

export function firstIssueMessage(err: z.ZodError): string | undefined {
  return err.issues[0]?.message;
}

/** The first message per top-level field, for a form to show beside each input. */
export function fieldErrors(err: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of err.issues) {
    const key = String(issue.path[0] ?? '');
    if (key && !out[key]) out[key] = issue.message;
  }
  return out;
}
