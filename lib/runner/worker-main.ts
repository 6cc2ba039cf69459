// `npm run worker`: the runner without the web server, for operators who run them apart.
import { migrateDatabase } from '@/db/migrate';
import { env, EnvError, inngestConfigured } from '@/lib/env';
import { applyLogLevel } from '@/lib/logging/apply-log-level';
import { startRunnerIfEnabled } from './start-runner';
import { errorMessage } from '@/lib/errors';

async function main() {
  try {
    applyLogLevel(env.LOG_LEVEL);
  } catch (err) {
    if (err instanceof EnvError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  if (inngestConfigured()) {
    if (env.IDLE_MAX_CONNECTIONS <= 0) {
      process.stderr.write(
        'Inngest is configured: its functions (served at /api/inngest) drive the work, and IDLE is off (IDLE_MAX_CONNECTIONS=0); the worker is not needed.\n',
      );
      process.exit(0);
    }
    await migrateDatabase();
    await keepIdleWatchersForInngest();
    return;
  }
  await migrateDatabase();
  startRunnerIfEnabled({ force: true });
  setInterval(() => {}, 1 << 30); // keep the process alive; SIGTERM stops it
}

/** At scale only the IMAP IDLE connections live here; Inngest runs the syncs they ask for. */
async function keepIdleWatchersForInngest() {
  const { startIdleWatchersForInngest } = await import('@/inngest/start-idle-watchers');
  const idle = startIdleWatchersForInngest();
  process.stderr.write(
    'Inngest is configured: its functions (served at /api/inngest) run the syncs; this worker keeps IMAP IDLE connections and tells Inngest about new mail.\n',
  );
  const stop = () => void idle.stop().finally(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  setInterval(() => {}, 1 << 30); // keep the process alive; SIGTERM stops it
}

main().catch((err) => {
  process.stderr.write(`worker failed: ${errorMessage(err)}\n`);
  process.exit(1);
});
