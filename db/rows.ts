// Raw SQL results differ by driver (postgres.js: an array; PGlite: { rows }): one shape for callers.
import type { SQL } from 'drizzle-orm';
import type { Tx } from './client';

export async function queryRows<T>(tx: Tx, query: SQL): Promise<T[]> {
  const result = (await tx.execute(query)) as unknown;
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}
