// Forwarding addresses: N messages sent over SMTP by 10 sending connections (nodemailer, pooled, as an
// MTA would) to one forwarding address of the in-process listener. A 250 means the case is stored, so
// messages per second here are stored cases per second. Reports the rate and each delivery's latency.
import { percentile } from './stats';

type Ctx = { log: (m: string) => void; n: number };

const CONNECTIONS = 10;

export async function run(ctx: Ctx) {
  const total = Math.min(1000, Math.max(200, Math.round(ctx.n / 10)));
  process.env.INBOUND_DOMAIN ??= 'in.bench.test';
  const { resetEnvForTests } = await import('@/lib/env');
  resetEnvForTests();
  const { default: nodemailer } = await import('nodemailer');
  const { eq, count } = await import('drizzle-orm');
  const { cases } = await import('@/db/schema');
  const { withTenant } = await import('@/db/tenancy');
  const { makeTenant } = await import('../tests/helpers/tenant');
  const { buildMail } = await import('../tests/helpers/mail-builder');
  const { createMailbox } = await import('@/lib/mailboxes/create-mailbox');
  const { startInboundSmtpServer } = await import('@/lib/mail/inbound/inbound-smtp-server');

  const server = await startInboundSmtpServer({
    port: 0,
    host: '127.0.0.1',
    domain: process.env.INBOUND_DOMAIN,
    maxBytes: 25 * 1024 * 1024,
    ratePerMinute: 1_000_000,
    log: ctx.log,
  });
  const tenant = await makeTenant('bench-inbound');
  const mailbox = await withTenant(tenant.tenantId, (tx) =>
    createMailbox(tx, {
      tenantId: tenant.tenantId,
      input: { protocol: 'forward', email: `support-${tenant.slug}@bench.test` },
      actor: { kind: 'system' },
    }),
  );
  const raws = Array.from({ length: total }, (_, i) =>
    buildMail({
      from: `Customer ${i} <c${i}@customer.test>`,
      to: 'support@bench.test',
      subject: `Inbound bench ${i}`,
      text: `Message ${i}\n\n${'Some text of a support request. '.repeat(20)}`,
    }),
  );
  const latencies: number[] = [];
  let failed = 0;
  let next = 0;
  const started = Date.now();
  try {
    await Promise.all(
      Array.from({ length: CONNECTIONS }, async () => {
        const transport = nodemailer.createTransport({
          host: '127.0.0.1',
          port: server.port,
          ignoreTLS: true,
          pool: true,
          maxConnections: 1,
          maxMessages: Infinity,
        });
        try {
          while (next < total) {
            const raw = raws[next++];
            const t = Date.now();
            try {
              await transport.sendMail({
                envelope: { from: 'relay@customer.test', to: [mailbox.forwardingAddress!] },
                raw,
              });
              latencies.push((Date.now() - t) / 1000);
            } catch {
              failed++;
            }
          }
        } finally {
          transport.close();
        }
      }),
    );
  } finally {
    await server.close();
  }
  const seconds = (Date.now() - started) / 1000;
  const [{ n: stored }] = await withTenant(tenant.tenantId, (tx) =>
    tx.select({ n: count() }).from(cases).where(eq(cases.mailboxId, mailbox.id)),
  );
  latencies.sort((a, b) => a - b);
  const perSec = Math.round((latencies.length / seconds) * 10) / 10;
  const r3 = (v: number) => Math.round(v * 1000) / 1000;
  ctx.log(`inbound: ${latencies.length}/${total} accepted in ${seconds.toFixed(1)} s (${perSec}/s), ${stored} cases`);
  return {
    json: {
      messages: total,
      connections: CONNECTIONS,
      accepted: latencies.length,
      failed,
      casesStored: Number(stored),
      seconds: Math.round(seconds * 100) / 100,
      messagesPerSec: perSec,
      acceptLatencySeconds: { p50: r3(percentile(latencies, 50)), p95: r3(percentile(latencies, 95)) },
    },
    markdown: [
      `## Inbound SMTP (forwarding address, ${total} messages over ${CONNECTIONS} connections)`,
      '',
      `${latencies.length}/${total} answered 250 in ${seconds.toFixed(1)} s: **${perSec} messages/s to stored cases** (${stored} cases; failed ${failed}); DATA → 250 p50 ${r3(percentile(latencies, 50))} s, p95 ${r3(percentile(latencies, 95))} s.`,
    ],
  };
}
