// Next.js start-up hook: applies LOG_LEVEL and runs the in-process runner inside `next start` when
// Inngest is not configured, and the forwarding-address SMTP listener when SMTP_INBOUND_PORT is set.
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const [{ env }, { applyLogLevel }] = await Promise.all([
    import('./lib/env'),
    import('./lib/logging/apply-log-level'),
  ]);
  applyLogLevel(env.LOG_LEVEL);
  const { startRunnerIfEnabled } = await import('./lib/runner/start-runner');
  startRunnerIfEnabled();
  // Forwarding addresses: the inbound SMTP listener, when SMTP_INBOUND_PORT is set.
  const { startInboundSmtpIfConfigured } = await import('./lib/mail/inbound/start-inbound-smtp');
  startInboundSmtpIfConfigured()?.catch((err: unknown) => {
    console.error(`[caseflow smtp] could not listen: ${err instanceof Error ? err.message : String(err)}`);
  });
}
