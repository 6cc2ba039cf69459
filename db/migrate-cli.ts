// `npm run db:migrate`
import { closeDb } from './client';
import { migrateDatabase } from './migrate';
import { errorMessage } from '@/lib/errors';

migrateDatabase()
  .then(async () => {
    await closeDb();
    process.stderr.write('migrations applied\n');
  })
  .catch((err) => {
    process.stderr.write(`migration failed: ${errorMessage(err)}\n`);
    process.exit(1);
  });
