// `npm run db:migrate`
import { closeDb } from './client';
import { migrateDatabase } from './migrate';

migrateDatabase()
  .then(async () => {
    await closeDb();
    process.stderr.write('migrations applied\n');
  })
  .catch((err) => {
    process.stderr.write(`migration failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
