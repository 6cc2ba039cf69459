// The :number of /api/v1/cases/:number. A malformed number ("abc", "0", "-1", "1.5", "1e3") names no
// case, so it answers 404 like a number that does not exist (or is another tenant's), never 422.
import { z } from 'zod';
import { AppError, isAppError } from '@/lib/errors';

export const caseNumberRouteParams = z.object({ number: z.string() });

export function parseCaseNumber(value: string): number {
  const n = /^[1-9][0-9]{0,14}$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n)) throw new AppError('not_found', `There is no case #${value.slice(0, 20)}.`);
  return n;
}

/**
 * A GET of a merged case's number answers 308 to the case it joined (same path and query, that number),
 * with `{ "mergedInto": N }`; clients that follow redirects read the surviving case. Other errors rethrow.
 */
export function redirectIfMerged(err: unknown, request: Request, number: string): Response {
  const into = isAppError(err) && err.code === 'not_found' ? err.details?.mergedInto : undefined;
  if (typeof into !== 'number') throw err;
  const url = new URL(request.url);
  const path = url.pathname.replace(`/cases/${number}`, `/cases/${into}`);
  return Response.json(
    { mergedInto: into, message: (err as Error).message },
    { status: 308, headers: { Location: `${path}${url.search}` } },
  );
}
