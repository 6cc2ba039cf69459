// Next.js start-up hook: applies LOG_LEVEL and runs the in-process runner inside `next start` when
// Inngest is not configured.
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const [{ env }, { applyLogLevel }] = await Promise.all([
    import('./lib/env'),
    import('./lib/logging/apply-log-level'),
  ]);
  applyLogLevel(env.LOG_LEVEL);
  const { startRunnerIfEnabled } = await import('./lib/runner/start-runner');
  startRunnerIfEnabled();
}
