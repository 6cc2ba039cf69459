// Applies the drizzle-kit migrations in db/migrations (at start-up and by `npm run db:migrate`).
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { env } from '@/lib/env';
import { getDbHandle, type Db } from './client';

export const migrationsFolder = path.resolve(process.cwd(), 'db/migrations');

/** Migrates the database at `url` (default: DATABASE_URL, or the embedded PGlite when unset). */
export async function migrateDatabase(url: string | undefined = env.DATABASE_URL): Promise<void> {
  if (!url) return migratePglite((await getDbHandle()).db);
  const { default: postgres } = await import('postgres');
  const { drizzle } = await import('drizzle-orm/postgres-js');
  const { migrate } = await import('drizzle-orm/postgres-js/migrator');
  // One dedicated connection: several instances may start at once; one migrates, the others wait.
  const client = postgres(url, { max: 1, onnotice: () => {} });
  const db = drizzle(client);
  try {
    await db.execute(sql`select pg_advisory_lock(727274)`);
    await migrate(db, { migrationsFolder });
    await db.execute(sql`select pg_advisory_unlock(727274)`);
  } finally {
    await client.end({ timeout: 5 });
  }
}

/** Migrates an open PGlite-backed database (embedded default, and the PGlite tests). */
export async function migratePglite(db: Db): Promise<void> {
  const { migrate } = await import('drizzle-orm/pglite/migrator');
  await migrate(db as never, { migrationsFolder });
}
