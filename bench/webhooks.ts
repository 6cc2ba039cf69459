// Webhook fan-out: 10,000 committed events to 5 endpoints on a local receiver, delivered by the
// in-process runner (outbox consumer → one delivery per endpoint → signed POST). Reports deliveries/s
// and event-to-delivery latency (outbox row committed → request received).
import { sql } from 'drizzle-orm';
import { percentile } from './stats';

type Ctx = { log: (m: string) => void; n: number };

const ENDPOINTS = 5;

export async function run(ctx: Ctx) {
  const events = Math.min(10_000, Math.max(1000, ctx.n));
  const { startWebhookReceiver } = await import('../tests/helpers/webhook-receiver');
  const { makeTenant } = await import('../tests/helpers/tenant');
  const { withTenant } = await import('@/db/tenancy');
  const { createWebhookEndpoint } = await import('@/lib/webhooks/create-webhook-endpoint');
  const { Runner } = await import('@/lib/runner/runner');

  const receiver = await startWebhookReceiver();
  const tenant = await makeTenant('bench-webhooks');
  try {
    for (let i = 0; i < ENDPOINTS; i++) {
      const endpoint = await withTenant(tenant.tenantId, (tx) =>
        createWebhookEndpoint(tx, {
          tenantId: tenant.tenantId,
          input: { url: receiver.url(`/hook/${i}`) },
          actor: { kind: 'system' },
          allow: '127.0.0.0/8',
        }),
      );
      receiver.secrets.push(endpoint.secret); // the receiver verifies every delivery with standardwebhooks
    }
    // Commit the events in chunks, as ingestion would (message.received, one per inbound reply).
    const created = new Map<string, number>();
    for (let start = 0; start < events; start += 1000) {
      const rows = await withTenant(tenant.tenantId, (tx) =>
        tx.execute(sql`
          insert into outbox_events (tenant_id, type, payload)
          select ${tenant.tenantId}::uuid, 'message.received',
                 jsonb_build_object('caseNumber', g, 'messageId', 'bench-' || g || '@example.org', 'from', 'c' || g || '@example.org', 'subject', 'Bench ' || g)
          from generate_series(${start + 1}::int, ${Math.min(events, start + 1000)}::int) g
          returning id, created_at`),
      );
      for (const r of (Array.isArray(rows) ? rows : (rows as { rows: unknown[] }).rows) as {
        id: string;
        created_at: string | Date;
      }[]) {
        created.set(r.id, new Date(r.created_at).getTime());
      }
    }
    const expected = events * ENDPOINTS;
    const runner = new Runner({ concurrency: 1, idleMax: 0, tickMs: 50, log: () => {}, tenantIds: [tenant.tenantId] });
    const started = Date.now();
    runner.start();
    const deadline = started + 15 * 60_000;
    while (receiver.received.length < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
    const seconds = (Date.now() - started) / 1000;
    await runner.stop();
    const latencies = receiver.received
      .map((r) => (r.receivedAt - (created.get(r.id) ?? r.receivedAt)) / 1000)
      .sort((a, b) => a - b);
    const unverified = receiver.received.filter((r) => r.verifiedWith.length === 0).length;
    const perSec = Math.round((receiver.received.length / seconds) * 10) / 10;
    ctx.log(
      `webhooks: ${receiver.received.length}/${expected} deliveries in ${seconds.toFixed(1)} s (${perSec}/s), p95 ${percentile(latencies, 95).toFixed(2)} s`,
    );
    const r2 = (v: number) => Math.round(v * 100) / 100;
    return {
      json: {
        events,
        endpoints: ENDPOINTS,
        deliveries: receiver.received.length,
        expected,
        seconds: r2(seconds),
        deliveriesPerSec: perSec,
        latencySeconds: {
          p50: r2(percentile(latencies, 50)),
          p95: r2(percentile(latencies, 95)),
          max: r2(latencies[latencies.length - 1] ?? NaN),
        },
        unverifiedSignatures: unverified,
        note: 'all events are committed before the runner starts, so latency includes the queueing of the whole backlog',
      },
      markdown: [
        `## Webhook fan-out (${events} events × ${ENDPOINTS} endpoints, in-process runner)`,
        '',
        `${receiver.received.length}/${expected} deliveries in ${seconds.toFixed(1)} s: **${perSec} deliveries/s** (target ≥ 200); event → delivery p50 ${r2(percentile(latencies, 50))} s, p95 ${r2(percentile(latencies, 95))} s (the whole backlog is committed first). Signatures that failed to verify: ${unverified}.`,
      ],
    };
  } finally {
    await receiver.stop();
  }
}
