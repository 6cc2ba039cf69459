// `npm run worker`: the runner without the web server, for operators who run them apart.
import { migrateDatabase } from '@/db/migrate';
import { env, EnvError, inngestConfigured } from '@/lib/env';
import { startRunnerIfEnabled } from './start-runner';

async function main() {
  try {
    void env.PORT;
  } catch (err) {
    if (err instanceof EnvError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  if (inngestConfigured()) {
    process.stderr.write('Inngest is configured: its functions (served at /api/inngest) drive the work; the worker is not needed.\n');
    process.exit(0);
  }
  await migrateDatabase();
  startRunnerIfEnabled({ force: true });
  setInterval(() => {}, 1 << 30); // keep the process alive; SIGTERM stops it
}

main().catch((err) => {
  process.stderr.write(`worker failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
