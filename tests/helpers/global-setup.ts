// One fresh, migrated PostgreSQL database per test run; every test makes its own tenant in it.
// Every project (integration, e2e-paired, e2e) calls this setup in the same vitest process: the first
// creates the database and the DNS stub, the others reuse them, so a test's DATABASE_URL (inherited by its
// worker) and the app it starts with the provided `databaseUrl` always name the same database.
import type { TestProject } from 'vitest/node';
import { startNxdomainDnsServer } from './dns-server';
import { createTestDatabase } from './postgres';

const RUN_DATABASE = 'CASEFLOW_RUN_DATABASE_URL';

export default async function setup(project: TestProject) {
  const shared = process.env[RUN_DATABASE];
  if (shared) {
    project.provide('databaseUrl', shared);
    return;
  }
  const { url, drop } = await createTestDatabase();
  const { migrateDatabase } = await import('@/db/migrate');
  await migrateDatabase(url);
  if (process.env.DATABASE_URL) process.env.TEST_DATABASE_ADMIN_URL ??= process.env.DATABASE_URL;
  process.env.DATABASE_URL = url;
  process.env[RUN_DATABASE] = url;
  project.provide('databaseUrl', url);
  // Sender verification asks this loopback server (it knows no names), never the machine's resolvers.
  const dns = await startNxdomainDnsServer();
  process.env.SENDER_VERIFICATION_DNS ??= dns.address;
  return async () => {
    delete process.env[RUN_DATABASE];
    await dns.close();
    if (!process.env.KEEP_TEST_DB) await drop();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}
