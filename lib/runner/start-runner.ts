// Starts the in-process runner when Inngest is not configured (and RUNNER_DISABLED is not set),
// inside `next start` (instrumentation.ts) or alone (`npm run worker`). Stops cleanly on SIGTERM.
import { env, inngestConfigured } from '@/lib/env';
import { Runner } from './runner';

const globalForRunner = globalThis as unknown as { __caseflowRunner?: Runner };

export function startRunnerIfEnabled(opts: { force?: boolean } = {}): Runner | null {
  if (!opts.force && (env.RUNNER_DISABLED || inngestConfigured())) return null;
  if (globalForRunner.__caseflowRunner) return globalForRunner.__caseflowRunner;
  const runner = new Runner({ concurrency: env.RUNNER_CONCURRENCY, idleMax: env.IDLE_MAX_CONNECTIONS });
  globalForRunner.__caseflowRunner = runner;
  runner.start();
  const stop = (signal: NodeJS.Signals) => {
    void runner.stop().finally(() => {
      // Let the host (Next.js or the worker) exit as it would have.
      process.removeListener('SIGTERM', stop);
      process.removeListener('SIGINT', stop);
      process.kill(process.pid, signal);
    });
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  return runner;
}
