// Next.js start-up hook: runs the in-process runner inside `next start` when Inngest is not configured.
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { startRunnerIfEnabled } = await import('./lib/runner/start-runner');
  startRunnerIfEnabled();
}
