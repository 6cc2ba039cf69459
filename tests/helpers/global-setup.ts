// One fresh, migrated PostgreSQL database per test run; every test makes its own tenant in it.
import type { TestProject } from 'vitest/node';
import { startNxdomainDnsServer } from './dns-server';
import { createTestDatabase } from './postgres';

export default async function setup(project: TestProject) {
  const { url, drop } = await createTestDatabase();
  const { migrateDatabase } = await import('@/db/migrate');
  await migrateDatabase(url);
  if (process.env.DATABASE_URL) process.env.TEST_DATABASE_ADMIN_URL ??= process.env.DATABASE_URL;
  process.env.DATABASE_URL = url;
  project.provide('databaseUrl', url);
  // Sender verification asks this loopback server (it knows no names), never the machine's resolvers.
  const dns = await startNxdomainDnsServer();
  process.env.SENDER_VERIFICATION_DNS ??= dns.address;
  return async () => {
    await dns.close();
    if (!process.env.KEEP_TEST_DB) await drop();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}
