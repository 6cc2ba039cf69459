// `npm run cli -- <command>`: the operator CLI. JSON on stdout, progress and errors on stderr.
// Commands register themselves; add yours with one import line below.
import { closeDb } from '@/db/client';
import { EnvError } from '@/lib/env';
import { publicError } from '@/lib/errors';
import { runCli } from './registry';
import './commands/tenant';
import './commands/apikey';
import './commands/mailbox';
import './commands/message';
import './commands/cases';
import './commands/ignored';
import './commands/rules';
import './commands/contacts';

async function main(): Promise<number> {
  try {
    // Same database as the app; on a fresh embedded PGlite the schema may not exist yet.
    const { migrateDatabase } = await import('@/db/migrate');
    if (process.argv.length > 2 && !process.argv.includes('--help')) await migrateDatabase();
    return await runCli(process.argv.slice(2));
  } catch (err) {
    if (err instanceof EnvError) {
      process.stderr.write(`${JSON.stringify({ error: { code: 'env', message: err.message } })}\n`);
      return 2;
    }
    // Never the raw text (SQL, library internals, a stack) to the operator.
    process.stderr.write(`${JSON.stringify({ error: { code: 'internal', message: publicError(err).message } })}\n`);
    return 1;
  } finally {
    await closeDb().catch(() => {});
  }
}

main().then((code) => process.exit(code));
