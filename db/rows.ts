// Raw SQL results differ by driver (postgres.js: an array; PGlite: { rows }): one shape for callers.
import type { SQL } from 'drizzle-orm';
import type { Db, Transaction, Tx } from './client';

/** The driver adaptor under every raw query; also reads the catalog on the bare database (migrations, tests). */
export async function queryRows<T>(tx: Tx | Transaction | Db, query: SQL): Promise<T[]> {
  const result = (await tx.execute(query)) as unknown;
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}
