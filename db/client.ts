// One `db` for the whole app: PostgreSQL through postgres.js when DATABASE_URL is set,
// otherwise embedded PGlite persisted in DATA_DIR/pglite.
import path from 'node:path';
import fs from 'node:fs';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { env } from '@/lib/env';
import * as schema from './schema';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** A drizzle transaction before withTenant / withSystem (db/tenancy.ts) has set its role. */
export type Transaction = Parameters<Parameters<Db['transaction']>[0]>[0];
declare const tenancy: unique symbol;
/** A transaction under the app role with `app.tenant_id` set (withTenant): row-level security shows one tenant. */
export type TenantTx = Transaction & { readonly [tenancy]: 'tenant' };
/** A transaction under the system role (withSystem): the runner, sign-in, sign-up and API-key lookup only. */
export type SystemTx = Transaction & { readonly [tenancy]: 'system' };
/**
 * Either role, for the few functions both tenant work and the runner call. The bare database is not a Tx:
 * data access always runs inside withTenant or withSystem (tests/types/tenancy.ts keeps it so).
 */
export type Tx = TenantTx | SystemTx;

/**
 * LISTEN on a channel: `onNotify` gets each payload; `onReconnect` runs after a lost listening connection
 * is back (notifications sent meanwhile are gone, so listeners catch up from their tables).
 */
export type Listen = (
  channel: string,
  onNotify: (payload: string) => void,
  onReconnect: () => void,
) => Promise<() => Promise<void>>;

type Handle = { db: Db; driver: 'postgres' | 'pglite'; close: () => Promise<void>; listen: Listen };

const globalForDb = globalThis as unknown as { __caseflowDb?: Promise<Handle> };

async function openPostgres(url: string): Promise<Handle> {
  const { default: postgres } = await import('postgres');
  const { drizzle } = await import('drizzle-orm/postgres-js');
  const client = postgres(url, {
    max: env.DATABASE_POOL_MAX,
    onnotice: () => {},
    connection: { application_name: 'caseflow' },
  });
  const db = drizzle(client, { schema, casing: 'snake_case' }) as unknown as Db;
  // postgres.js keeps one dedicated connection for all LISTENs and re-listens after it drops.
  const listen: Listen = async (channel, onNotify, onReconnect) => {
    let first = true;
    const { unlisten } = await client.listen(channel, onNotify, () => {
      if (!first) onReconnect();
      first = false;
    });
    return unlisten;
  };
  return { db, driver: 'postgres', close: () => client.end({ timeout: 5 }), listen };
}

async function openPglite(dataDir: string): Promise<Handle> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  const dir = path.resolve(dataDir, 'pglite');
  fs.mkdirSync(dir, { recursive: true });
  const releaseLock = lockPgliteDir(dir);
  const client = await PGlite.create(dir);
  const db = drizzle(client, { schema, casing: 'snake_case' }) as unknown as Db;
  // In-process: NOTIFY from any transaction of this PGlite reaches these callbacks; nothing to reconnect.
  const listen: Listen = async (channel, onNotify) => {
    const unlisten = await client.listen(channel, onNotify);
    return unlisten;
  };
  return {
    db,
    driver: 'pglite',
    listen,
    close: async () => {
      await client.close();
      releaseLock();
    },
  };
}

/** PGlite is single-process: a second process opening the same directory would corrupt it. */
function lockPgliteDir(dir: string): () => void {
  const lockFile = path.join(dir, '..', 'pglite.lock');
  try {
    const holder = Number(fs.readFileSync(lockFile, 'utf8'));
    if (holder && holder !== process.pid && processAlive(holder)) {
      throw new Error(
        `The embedded database in ${dir} is in use by another Caseflow process (pid ${holder}). ` +
          'Stop that process first, or set DATABASE_URL to use PostgreSQL, which many processes can share.',
      );
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  fs.writeFileSync(lockFile, String(process.pid));
  return () => {
    try {
      if (Number(fs.readFileSync(lockFile, 'utf8')) === process.pid) fs.unlinkSync(lockFile);
    } catch {
      // already gone
    }
  };
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Opens (once per process) and returns the database handle. */
export function getDbHandle(): Promise<Handle> {
  globalForDb.__caseflowDb ??= env.DATABASE_URL ? openPostgres(env.DATABASE_URL) : openPglite(env.DATA_DIR);
  return globalForDb.__caseflowDb;
}

export async function getDb(): Promise<Db> {
  return (await getDbHandle()).db;
}

export async function closeDb(): Promise<void> {
  const handle = globalForDb.__caseflowDb;
  globalForDb.__caseflowDb = undefined;
  if (handle) await (await handle).close();
}

/** Opens a separate handle for a given URL (tests, CLI against another database). */
export async function openDatabase(url: string | undefined, dataDir = env.DATA_DIR): Promise<Handle> {
  return url ? openPostgres(url) : openPglite(dataDir);
}
