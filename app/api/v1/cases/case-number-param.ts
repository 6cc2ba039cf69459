// The :number of /api/v1/cases/:number. A malformed number ("abc", "0", "-1", "1.5", "1e3") names no
// case, so it answers 404 like a number that does not exist (or is another tenant's), never 422.
import { z } from 'zod';
import { AppError } from '@/lib/errors';

export const caseNumberRouteParams = z.object({ number: z.string() });

export function parseCaseNumber(value: string): number {
  const n = /^[1-9][0-9]{0,14}$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n)) throw new AppError('not_found', `There is no case #${value.slice(0, 20)}.`);
  return n;
}
