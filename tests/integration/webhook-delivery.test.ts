// Webhook delivery against a local receiver that verifies with `standardwebhooks`:
// retries with one webhook-id, rotation overlap, 410, Retry-After,
// five days of failures, claims, replay, opt-in bodies.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { webhookDeliveries, webhookEndpoints } from '@/db/schema';
import { withTenant } from '@/db/tenancy';
import { createWebhookEndpoint } from '@/lib/webhooks/create-webhook-endpoint';
import { deliverDueWebhooks } from '@/lib/webhooks/deliver-due-webhooks';
import { deliverWebhook } from '@/lib/webhooks/deliver-webhook';
import { getWebhookEndpoint } from '@/lib/webhooks/get-webhook-endpoint';
import { listWebhookDeliveries } from '@/lib/webhooks/list-webhook-deliveries';
import { replayWebhookDelivery } from '@/lib/webhooks/replay-webhook-delivery';
import { rotateWebhookSecret } from '@/lib/webhooks/rotate-webhook-secret';
import { webhookPayloadSchema } from '@/lib/webhooks/events';
import { dispatchTenantOutbox } from '../helpers/dispatch-tenant-outbox';
import { receiveBuiltMail } from '../helpers/receive-built-mail';
import { makeMailboxRow } from '../helpers/receive-mail';
import { makeTenant } from '../helpers/tenant';
import { startWebhookReceiver } from '../helpers/webhook-receiver';
import { useStarted } from '../helpers/use-started';

const receiver = useStarted(startWebhookReceiver, (started) => started.stop());

const actor = { kind: 'system' } as const;
const short = [0, 1100, 1100, 1100, 1100, 1100, 1100, 1100];

/** A tenant with one endpoint on its own receiver path, and a new case whose events are fanned out. */
async function setup(label: string, input: Record<string, unknown> = {}) {
  const tenant = await makeTenant(label);
  const path = `/${label}-${tenant.slug}`;
  const endpoint = await withTenant(tenant.tenantId, (tx) =>
    createWebhookEndpoint(tx, { tenantId: tenant.tenantId, input: { url: receiver.url(path), ...input }, actor }),
  );
  receiver.secrets.push(endpoint.secret);
  const mailbox = await makeMailboxRow(tenant.tenantId);
  const received = () => receiver.received.filter((r) => r.path === path);
  return { tenant, endpoint, mailbox, path, received };
}

async function newCase(t: Awaited<ReturnType<typeof setup>>, subject = 'Printer on fire') {
  await receiveBuiltMail(t.tenant.tenantId, t.mailbox, {
    from: 'Ann <ann@customer.example>',
    subject,
    text: 'Smoke everywhere.',
  });
  await dispatchTenantOutbox(t.tenant.tenantId);
}

async function deliveryRows(tenantId: string) {
  return withTenant(tenantId, (tx) => tx.select().from(webhookDeliveries));
}

/** Calls the runner's entry point for this tenant until `until` holds (or 20 s pass). */
async function pump(tenantId: string, until: () => boolean, opts: Parameters<typeof deliverDueWebhooks>[0] = {}) {
  const deadline = Date.now() + 20_000;
  while (!until()) {
    if (Date.now() > deadline) throw new Error('condition not reached');
    await deliverDueWebhooks({ tenantId, ...opts });
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('a delivery', () => {
  it('signs case.created so standardwebhooks verifies it, with a schema-valid payload and a link', async () => {
    const t = await setup('signed');
    await newCase(t);
    await deliverDueWebhooks({ tenantId: t.tenant.tenantId });
    const [req] = t.received();
    expect(req.verifiedWith).toEqual([t.endpoint.secret]);
    const payload = webhookPayloadSchema('case.created').parse(req.payload);
    expect(payload.data).toMatchObject({
      caseNumber: 1,
      subject: 'Printer on fire',
      imported: false,
      requester: { email: 'ann@customer.example', name: 'Ann' },
    });
    expect(payload.data.link).toMatch(new RegExp(`/t/${t.tenant.slug}/cases/1$`));
    expect(payload.data.body).toBeUndefined();
    expect(req.body).not.toContain('Smoke everywhere');
    expect(req.body).not.toContain('whsec_');
    const [row] = await deliveryRows(t.tenant.tenantId);
    expect(req.id).toBe(row.eventId);
    expect(row).toMatchObject({ status: 'succeeded', attempts: 1, lastStatusCode: 200 });
  });

  it('carries the message body only when the endpoint opted in', async () => {
    const t = await setup('bodies', { includeBodies: true, events: ['case.created'] });
    await newCase(t);
    await deliverDueWebhooks({ tenantId: t.tenant.tenantId });
    const got = t.received();
    expect(got.map((r) => r.payload?.type)).toEqual(['case.created']);
    expect(got[0].payload?.data.body).toMatchObject({ text: expect.stringContaining('Smoke everywhere.') });
  });

  it('reaches a receiver that fails 3 times on the 4th attempt: same webhook-id, fresh timestamps, identical bodies', async () => {
    const t = await setup('retry', { events: ['case.created'] });
    receiver.respond((req, n) =>
      req.path === t.path && t.received().length <= 3 ? { status: 500, body: `failure ${n}` } : { status: 200 },
    );
    await newCase(t);
    await pump(t.tenant.tenantId, () => t.received().length >= 4, { schedule: short });
    receiver.respond(() => ({ status: 200 }));
    const got = t.received();
    expect(got).toHaveLength(4);
    expect(new Set(got.map((r) => r.id)).size).toBe(1);
    expect(new Set(got.map((r) => r.body)).size).toBe(1);
    for (let i = 1; i < got.length; i++) expect(got[i].timestamp).toBeGreaterThan(got[i - 1].timestamp);
    expect(got.every((r) => r.verifiedWith.length === 1)).toBe(true);

    const [log] = await withTenant(t.tenant.tenantId, (tx) => listWebhookDeliveries(tx, { endpointId: t.endpoint.id }));
    expect(log).toMatchObject({ status: 'succeeded', attempts: 4, lastStatusCode: 200 });
    expect(log.attemptLog.map((a) => a.statusCode)).toEqual([200, 500, 500, 500]);
    expect(log.attemptLog[3].responseBody).toMatch(/^failure \d+$/);
    expect(log.attemptLog[3].error).toBe('The endpoint answered 500.');
    expect(log.attemptLog.every((a) => a.durationMs !== null && a.durationMs >= 0)).toBe(true);
    const endpoint = await withTenant(t.tenant.tenantId, (tx) => getWebhookEndpoint(tx, t.endpoint.id));
    expect(endpoint.failingSince).toBeNull();
  });

  it('gives up when the schedule is exhausted', async () => {
    const t = await setup('exhaust', { events: ['case.created'] });
    receiver.respond((req) => (req.path === t.path ? { status: 500 } : { status: 200 }));
    await newCase(t);
    await pump(t.tenant.tenantId, () => t.received().length >= 3, { schedule: [0, 50, 50] });
    await new Promise((r) => setTimeout(r, 200));
    await deliverDueWebhooks({ tenantId: t.tenant.tenantId, schedule: [0, 50, 50] });
    receiver.respond(() => ({ status: 200 }));
    expect(t.received()).toHaveLength(3);
    const [row] = await deliveryRows(t.tenant.tenantId);
    expect(row).toMatchObject({ status: 'failed', attempts: 3 });
  });

  it('disables the endpoint on 410 Gone and says why', async () => {
    const t = await setup('gone', { events: ['case.created'] });
    receiver.respond((req) => (req.path === t.path ? { status: 410, body: 'gone' } : { status: 200 }));
    await newCase(t);
    await newCase(t, 'Second');
    await deliverDueWebhooks({ tenantId: t.tenant.tenantId, concurrency: 1, limit: 1 });
    receiver.respond(() => ({ status: 200 }));
    const endpoint = await withTenant(t.tenant.tenantId, (tx) => getWebhookEndpoint(tx, t.endpoint.id));
    expect(endpoint.enabled).toBe(false);
    expect(endpoint.disabledReason).toMatch(/410 Gone/);
    const rows = await deliveryRows(t.tenant.tenantId);
    expect(rows.map((r) => r.status).sort()).toEqual(['abandoned', 'failed']);
    // Nothing more goes out to a disabled endpoint.
    await deliverDueWebhooks({ tenantId: t.tenant.tenantId });
    expect(t.received()).toHaveLength(1);
  });

  it('honours Retry-After on 429 and 503 over a shorter schedule', async () => {
    const t = await setup('retry-after', { events: ['case.created'] });
    receiver.respond((req) => {
      if (req.path !== t.path) return { status: 200 };
      const n = t.received().length;
      if (n === 1) return { status: 429, headers: { 'retry-after': '2' } };
      if (n === 2) return { status: 503, headers: { 'retry-after': new Date(Date.now() + 2000).toUTCString() } };
      return { status: 200 };
    });
    await newCase(t);
    await pump(t.tenant.tenantId, () => t.received().length >= 3, { schedule: [0, 50, 50, 50] });
    receiver.respond(() => ({ status: 200 }));
    const got = t.received();
    // The schedule alone would have retried after 50 ms; the consumer asked for ~2 s each time.
    expect(got[1].receivedAt - got[0].receivedAt).toBeGreaterThanOrEqual(1900);
    expect(got[2].receivedAt - got[1].receivedAt).toBeGreaterThanOrEqual(900);
    const [row] = await deliveryRows(t.tenant.tenantId);
    expect(row).toMatchObject({ status: 'succeeded', attempts: 3 });
  });

  it('disables the endpoint after 5 days of failures, with the reason', async () => {
    const t = await setup('five-days', { events: ['case.created'] });
    await withTenant(t.tenant.tenantId, (tx) =>
      tx
        .update(webhookEndpoints)
        .set({ failingSince: new Date(Date.now() - 5 * 86_400_000 - 60_000) })
        .where(eq(webhookEndpoints.id, t.endpoint.id)),
    );
    receiver.respond((req) => (req.path === t.path ? { status: 500 } : { status: 200 }));
    await newCase(t);
    await deliverDueWebhooks({ tenantId: t.tenant.tenantId });
    receiver.respond(() => ({ status: 200 }));
    const endpoint = await withTenant(t.tenant.tenantId, (tx) => getWebhookEndpoint(tx, t.endpoint.id));
    expect(endpoint.enabled).toBe(false);
    expect(endpoint.disabledReason).toMatch(/failed for 5 days/);
    expect(endpoint.disabledReason).toMatch(/answered 500/);
  });

  it('a failure starts the failing clock and a success stops it', async () => {
    const t = await setup('clock', { events: ['case.created'] });
    receiver.respond((req) => (req.path === t.path ? { status: 500 } : { status: 200 }));
    await newCase(t);
    await deliverDueWebhooks({ tenantId: t.tenant.tenantId });
    const failing = await withTenant(t.tenant.tenantId, (tx) => getWebhookEndpoint(tx, t.endpoint.id));
    expect(failing.failingSince).toBeInstanceOf(Date);
    expect(failing.enabled).toBe(true);
    receiver.respond(() => ({ status: 200 }));
    await deliverDueWebhooks({ tenantId: t.tenant.tenantId, now: new Date(Date.now() + 6_000) });
    const ok = await withTenant(t.tenant.tenantId, (tx) => getWebhookEndpoint(tx, t.endpoint.id));
    expect(ok.failingSince).toBeNull();
  });

  it('never follows a redirect: a 3xx is a failure', async () => {
    const t = await setup('redirect', { events: ['case.created'] });
    receiver.respond((req) =>
      req.path === t.path
        ? { status: 302, headers: { location: receiver.url(`${t.path}/elsewhere`) } }
        : { status: 200 },
    );
    await newCase(t);
    await deliverDueWebhooks({ tenantId: t.tenant.tenantId });
    receiver.respond(() => ({ status: 200 }));
    expect(t.received().map((r) => r.path)).toEqual([t.path]);
    const [row] = await deliveryRows(t.tenant.tenantId);
    expect(row).toMatchObject({ status: 'pending', lastStatusCode: 302 });
    expect(row.lastError).toMatch(/redirects are not followed/);
  });

  it('gives up on a receiver that does not answer within the timeout', async () => {
    const t = await setup('slow', { events: ['case.created'] });
    receiver.respond(async (req) => {
      if (req.path === t.path) await new Promise((r) => setTimeout(r, 1500));
      return { status: 200 };
    });
    await newCase(t);
    await deliverDueWebhooks({ tenantId: t.tenant.tenantId, timeoutMs: 300 });
    receiver.respond(() => ({ status: 200 }));
    const [row] = await deliveryRows(t.tenant.tenantId);
    expect(row).toMatchObject({ status: 'pending', attempts: 1, lastStatusCode: null });
    expect(row.lastError).toBe('No response within 0.3 s.');
  });
});

describe('secret rotation', () => {
  it('signs with both secrets during the overlap and only the new one afterwards', async () => {
    const t = await setup('rotate', { events: ['case.created'] });
    const rotated = await withTenant(t.tenant.tenantId, (tx) =>
      rotateWebhookSecret(tx, { tenantId: t.tenant.tenantId, id: t.endpoint.id, actor }),
    );
    expect(rotated.secret).not.toBe(t.endpoint.secret);
    expect(rotated.previousSecretExpiresAt).not.toBeNull();
    expect(new Date(rotated.previousSecretExpiresAt!).getTime() - Date.now()).toBeGreaterThan(23 * 3600_000);
    receiver.secrets.push(rotated.secret);

    await newCase(t, 'During the overlap');
    await deliverDueWebhooks({ tenantId: t.tenant.tenantId });
    const during = t.received()[0];
    expect(during.signature.split(' ')).toHaveLength(2);
    expect(during.verifiedWith.sort()).toEqual([t.endpoint.secret, rotated.secret].sort());

    // The overlap ends (here: moved into the past), and only the new secret signs.
    await withTenant(t.tenant.tenantId, (tx) =>
      tx
        .update(webhookEndpoints)
        .set({ previousSecretExpiresAt: new Date(Date.now() - 1000) })
        .where(eq(webhookEndpoints.id, t.endpoint.id)),
    );
    await newCase(t, 'After the overlap');
    await deliverDueWebhooks({ tenantId: t.tenant.tenantId });
    const after = t.received()[1];
    expect(after.signature.split(' ')).toHaveLength(1);
    expect(after.verifiedWith).toEqual([rotated.secret]);
  });

  it('with a zero overlap the old secret stops at once', async () => {
    const t = await setup('rotate-now', { events: ['case.created'] });
    const rotated = await withTenant(t.tenant.tenantId, (tx) =>
      rotateWebhookSecret(tx, { tenantId: t.tenant.tenantId, id: t.endpoint.id, overlapSeconds: 0, actor }),
    );
    receiver.secrets.push(rotated.secret);
    await newCase(t);
    await deliverDueWebhooks({ tenantId: t.tenant.tenantId });
    expect(t.received()[0].verifiedWith).toEqual([rotated.secret]);
  });
});

describe('claims', () => {
  it('two workers at once never send the same delivery', async () => {
    const t = await setup('claims', { events: ['case.created'] });
    receiver.respond(async (req) => {
      if (req.path === t.path) await new Promise((r) => setTimeout(r, 100));
      return { status: 200 };
    });
    for (let i = 0; i < 6; i++) await newCase(t, `Case ${i}`);
    await Promise.all([
      deliverDueWebhooks({ tenantId: t.tenant.tenantId, concurrency: 2 }),
      deliverDueWebhooks({ tenantId: t.tenant.tenantId, concurrency: 2 }),
      deliverDueWebhooks({ tenantId: t.tenant.tenantId, concurrency: 2 }),
    ]);
    receiver.respond(() => ({ status: 200 }));
    const ids = t.received().map((r) => r.id);
    expect(ids).toHaveLength(6);
    expect(new Set(ids).size).toBe(6);
  });

  it('deliverWebhook reports a delivery that is not yet due instead of sending it', async () => {
    const t = await setup('not-due', { events: ['case.created'] });
    receiver.respond((req) => (req.path === t.path ? { status: 500 } : { status: 200 }));
    await newCase(t);
    const [row] = await deliveryRows(t.tenant.tenantId);
    const first = await deliverWebhook(row.id);
    expect(first).toMatchObject({ status: 'pending', attempted: true });
    const second = await deliverWebhook(row.id);
    receiver.respond(() => ({ status: 200 }));
    expect(second).toMatchObject({ status: 'pending', attempted: false });
    expect(second.nextAttemptAt!.getTime()).toBeGreaterThan(Date.now());
    expect(t.received()).toHaveLength(1);
  });

  it('the consumer is idempotent: a repeated outbox event makes no second delivery', async () => {
    const t = await setup('idem', { events: ['case.created'] });
    await newCase(t);
    const { outboxEvents } = await import('@/db/schema');
    const { processOutboxEvent } = await import('@/lib/outbox/process-outbox-event');
    const events = await withTenant(t.tenant.tenantId, (tx) => tx.select().from(outboxEvents));
    for (const e of events) await processOutboxEvent(e);
    expect(await deliveryRows(t.tenant.tenantId)).toHaveLength(1);
  });
});

describe('replay', () => {
  it('sends a delivered event again with the same webhook-id and body, as a new series of attempts', async () => {
    const t = await setup('replay', { events: ['case.created'] });
    await newCase(t);
    await deliverDueWebhooks({ tenantId: t.tenant.tenantId });
    const [row] = await deliveryRows(t.tenant.tenantId);
    const replayed = await withTenant(t.tenant.tenantId, (tx) =>
      replayWebhookDelivery(tx, { tenantId: t.tenant.tenantId, deliveryId: row.id, actor }),
    );
    expect(replayed).toMatchObject({ status: 'pending', attempts: 0 });
    await deliverDueWebhooks({ tenantId: t.tenant.tenantId });
    const got = t.received();
    expect(got).toHaveLength(2);
    expect(got[1].id).toBe(got[0].id);
    expect(got[1].body).toBe(got[0].body);
    const [log] = await withTenant(t.tenant.tenantId, (tx) => listWebhookDeliveries(tx, { endpointId: t.endpoint.id }));
    expect(log).toMatchObject({ status: 'succeeded', attempts: 1 });
    expect(log.attemptLog).toHaveLength(2);
  });
});
