// A migrated database of a test file's own, for e2e files that start the app with `npm start` (its runner works on
// every row it finds, so the shared test database would hand it other files' mailboxes). This process switches to
// it too: the env is parsed again and the global connection reopens on it, so lib/ calls in the test see what the
// app sees.
//
//   let own: OwnDatabase;
//   beforeAll(async () => { own = await switchToOwnDatabase('caseflow_runner_e2e'); });
//   afterAll(async () => { await own?.drop(); });
//   npmStart({ env: { DATABASE_URL: own.url } });  withTenant(tenantId, fn, own.db);
import { closeDb as closeGlobalDb, openDatabase, type Db } from '@/db/client';
import { migrateDatabase } from '@/db/migrate';
import { resetEnvForTests } from '@/lib/env';
import { createTestDatabase } from './postgres';

export type OwnDatabase = { url: string; db: Db; drop(): Promise<void> };

export async function switchToOwnDatabase(prefix: string): Promise<OwnDatabase> {
  const database = await createTestDatabase(prefix);
  await migrateDatabase(database.url);
  const { db, close } = await openDatabase(database.url);
  process.env.DATABASE_URL = database.url;
  resetEnvForTests();
  await closeGlobalDb();
  return {
    url: database.url,
    db,
    async drop() {
      await close();
      await database.drop();
    },
  };
}
