// Recognises PostgreSQL's unique violation on a given index, whichever driver raised it
// (postgres.js: constraint_name; PGlite: constraint) and whether drizzle wrapped it.
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
