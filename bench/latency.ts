// Steady-state latency: a message appended to an active mailbox → the case visible in the API,
// with the app in production mode and its in-process runner (default poll interval, then IMAP IDLE).
import type { TestDovecot } from '../tests/helpers/dovecot';
import { percentile } from './stats';

type Ctx = { dovecot: TestDovecot; databaseUrl: string; log: (m: string) => void };

const COUNT = 50;

async function measure(
  ctx: Ctx,
  mode: 'poll' | 'idle',
): Promise<{ p50: number; p95: number; max: number; samples: number }> {
  const { startApp } = await import('../tests/helpers/app-server');
  const { makeMailbox } = await import('../tests/helpers/mailbox-fixture');
  const { withTenant } = await import('@/db/tenancy');
  const { createApiKey } = await import('@/lib/api-keys/create-api-key');
  const { buildMail } = await import('../tests/helpers/mail-builder');

  const fx = await makeMailbox(
    ctx.dovecot,
    { protocol: 'imap', starttls: 'off' },
    { state: 'active', importedAt: new Date(), ackEnabled: false },
  );
  const { key } = await withTenant(fx.tenant.tenantId, (tx) =>
    createApiKey(tx, { tenantId: fx.tenant.tenantId, name: 'bench', createdBy: null }),
  );
  const app = await startApp({
    databaseUrl: ctx.databaseUrl,
    env: { RUNNER_DISABLED: 'false', IDLE_MAX_CONNECTIONS: mode === 'idle' ? '50' : '0' },
  });
  try {
    // Let the runner take the mailbox once (and IDLE connect) before measuring.
    await new Promise((r) => setTimeout(r, mode === 'idle' ? 8000 : 3000));
    const appended = new Map<string, number>();
    const seen = new Map<string, number>();
    const poller = setInterval(async () => {
      try {
        const res = await fetch(`${app.url}/api/v1/cases?limit=200`, { headers: { authorization: `Bearer ${key}` } });
        const body = (await res.json()) as { data: { subject: string }[] };
        const now = Date.now();
        for (const c of body.data ?? []) if (appended.has(c.subject) && !seen.has(c.subject)) seen.set(c.subject, now);
      } catch {
        // the next poll tries again
      }
    }, 200);
    // Spread the messages over a poll interval and a half so the poll phase is sampled evenly.
    const spreadMs = mode === 'poll' ? 90_000 : 25_000;
    for (let i = 0; i < COUNT; i++) {
      const subject = `latency ${mode} ${i} ${Date.now()}`;
      await ctx.dovecot.append(
        fx.user,
        [buildMail({ from: `l${i}@example.org`, to: fx.address, subject, text: 'ping' })],
        { via: 'imap' },
      );
      appended.set(subject, Date.now());
      await new Promise((r) => setTimeout(r, spreadMs / COUNT));
    }
    const deadline = Date.now() + (mode === 'poll' ? 90_000 : 30_000);
    while (seen.size < appended.size && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
    clearInterval(poller);
    const lat = [...appended]
      .filter(([s]) => seen.has(s))
      .map(([s, t]) => (seen.get(s)! - t) / 1000)
      .sort((a, b) => a - b);
    if (!lat.length) ctx.log(`latency ${mode}: nothing seen; the app said:\n${app.output().slice(-3000)}`);
    ctx.log(
      `latency ${mode}: ${lat.length}/${COUNT} seen, p50 ${percentile(lat, 50).toFixed(2)} s, p95 ${percentile(lat, 95).toFixed(2)} s`,
    );
    const r2 = (v: number) => Math.round(v * 100) / 100;
    return {
      p50: r2(percentile(lat, 50)),
      p95: r2(percentile(lat, 95)),
      max: r2(lat[lat.length - 1] ?? NaN),
      samples: lat.length,
    };
  } finally {
    await app.stop();
  }
}

export async function run(ctx: Ctx) {
  const poll = await measure(ctx, 'poll');
  const idle = await measure(ctx, 'idle');
  return {
    json: { unit: 'seconds', messages: COUNT, pollDefaultInterval: { intervalSeconds: 60, ...poll }, imapIdle: idle },
    markdown: [
      '## Steady-state latency (append → case visible in GET /api/v1/cases)',
      '',
      '| mode | p50 s | p95 s | max s | seen |',
      '| --- | --- | --- | --- | --- |',
      `| poll every 60 s (default) | ${poll.p50} | ${poll.p95} | ${poll.max} | ${poll.samples}/${COUNT} |`,
      `| IMAP IDLE | ${idle.p50} | ${idle.p95} | ${idle.max} | ${idle.samples}/${COUNT} |`,
    ],
  };
}
