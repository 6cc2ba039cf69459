// Recognises PostgreSQL's unique violation on a given index, whichever driver raised it
// (postgres.js: constraint_name; PGlite: constraint) and whether drizzle wrapped it; and the write that
// turns such a violation into a conflict the user can act on.
import type { TenantTx } from '@/db/tenancy';
import { AppError } from '@/lib/errors';

export function isUniqueViolation(err: unknown, constraint: string): boolean {
  for (
    let e = err as { code?: unknown; constraint_name?: unknown; constraint?: unknown; cause?: unknown } | undefined,
      depth = 0;
    e && depth < 4;
    e = e.cause as typeof e, depth++
  ) {
    if (e.code === '23505') return e.constraint_name === constraint || e.constraint === constraint;
  }
  return false;
}

/** What to answer when a write hits one unique index: the message, and the input field it is about. */
export type UniqueConflict = { message: string; field?: string };

/**
 * Runs `write` in a savepoint, so that a unique violation leaves the caller's transaction usable (no
 * pre-check could rule it out: RLS hides other tenants' rows, and a concurrent write can come first), and
 * answers a violation of one of `conflicts`' indexes with AppError('conflict'). Anything else is rethrown.
 */
export async function writeOrConflict<T>(
  tx: TenantTx,
  write: (sp: TenantTx) => Promise<T>,
  conflicts: Record<string, UniqueConflict>,
): Promise<T> {
  try {
    return await tx.transaction((sp) => write(sp as TenantTx));
  } catch (err) {
    for (const [constraint, { message, field }] of Object.entries(conflicts))
      if (isUniqueViolation(err, constraint)) throw new AppError('conflict', message, field ? { field } : undefined);
    throw err;
  }
}
