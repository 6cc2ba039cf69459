// /api/v1/webhook-endpoints, called as route handlers with real API keys against real PostgreSQL
// and a local receiver: CRUD, secret shown once, rotation, test event, delivery log and replay.
import { describe, expect, it } from 'vitest';
import { privateAddressMessage } from '@/lib/net/outbound-guard';
import { deliverDueWebhooks } from '@/lib/webhooks/deliver-due-webhooks';
import { GET as listEndpoints, POST as createEndpoint } from '@/app/api/v1/webhook-endpoints/route';
import {
  DELETE as deleteEndpoint,
  GET as getEndpoint,
  PATCH as patchEndpoint,
} from '@/app/api/v1/webhook-endpoints/[id]/route';
import { POST as rotateSecret } from '@/app/api/v1/webhook-endpoints/[id]/rotate-secret/route';
import { POST as sendTest } from '@/app/api/v1/webhook-endpoints/[id]/test/route';
import { GET as listDeliveries } from '@/app/api/v1/webhook-endpoints/[id]/deliveries/route';
import { GET as getDelivery } from '@/app/api/v1/webhook-endpoints/[id]/deliveries/[deliveryId]/route';
import { POST as replayDelivery } from '@/app/api/v1/webhook-endpoints/[id]/deliveries/[deliveryId]/replay/route';
import { apiKeyFor } from '../helpers/api-key';
import { makeTenant } from '../helpers/tenant';
import { startWebhookReceiver } from '../helpers/webhook-receiver';
import { callRoute, type RouteHandler } from '../helpers/call-route';
import { useStarted } from '../helpers/use-started';

const receiver = useStarted(startWebhookReceiver, (started) => started.stop());

async function tenantWithKey(label: string) {
  const tenant = await makeTenant(label);
  const key = await apiKeyFor(tenant.tenantId);
  return { ...tenant, key };
}

async function call(
  handler: RouteHandler,
  key: string,
  method: string,
  path: string,
  params: Record<string, string> = {},
  body?: unknown,
) {
  return callRoute(handler, { key, method, path, params, json: body });
}

/** POST /api/v1/webhook-endpoints as `t`. */
const createAs = (t: { key: string }, body: unknown) =>
  call(createEndpoint, t.key, 'POST', '/api/v1/webhook-endpoints', {}, body);

/** PATCH /api/v1/webhook-endpoints/:id as `t`. */
const patchAs = (t: { key: string }, id: string, body: unknown) =>
  call(patchEndpoint, t.key, 'PATCH', `/api/v1/webhook-endpoints/${id}`, { id }, body);

describe('/api/v1/webhook-endpoints', () => {
  it('creates an endpoint and shows its secret once; reads never include it', async () => {
    const t = await tenantWithKey('wh-api');
    const created = await createAs(t, {
      url: receiver.url('/api-create'),
      events: ['case.created', 'message.received'],
      description: 'CRM',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      url: receiver.url('/api-create'),
      events: ['case.created', 'message.received'],
      description: 'CRM',
      enabled: true,
      includeBodies: false,
    });
    expect(created.body.secret).toMatch(/^whsec_[A-Za-z0-9+/=]{40,}$/);
    const secret = created.body.secret as string;
    const id = created.body.id as string;

    const list = await call(listEndpoints, t.key, 'GET', '/api/v1/webhook-endpoints');
    expect(list.body.data.map((e: any) => e.id)).toEqual([id]);
    const one = await call(getEndpoint, t.key, 'GET', `/api/v1/webhook-endpoints/${id}`, { id });
    expect(one.status).toBe(200);
    for (const r of [list, one]) {
      expect(r.text).not.toContain(secret);
      expect(r.text).not.toContain(secret.slice(6));
      expect(r.text).not.toMatch(/secretSealed|whsec_/);
    }

    const patched = await patchAs(t, id, { events: [], description: 'All of it', includeBodies: true });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ events: null, description: 'All of it', includeBodies: true });

    const deleted = await call(deleteEndpoint, t.key, 'DELETE', `/api/v1/webhook-endpoints/${id}`, { id });
    expect(deleted.body).toEqual({ deleted: true, id });
    expect((await call(getEndpoint, t.key, 'GET', `/api/v1/webhook-endpoints/${id}`, { id })).status).toBe(404);
  });

  it('refuses bad input with 422 and an internal address with 400 and the guard text', async () => {
    const t = await tenantWithKey('wh-api-bad');
    const notUrl = await call(createEndpoint, t.key, 'POST', '/api/v1/webhook-endpoints', {}, { url: 'not a url' });
    expect(notUrl.status).toBe(422);
    const ftp = await createAs(t, { url: 'ftp://example.com/x' });
    expect(ftp.status).toBe(422);
    const unknownEvent = await createAs(t, { url: receiver.url('/x'), events: ['case.exploded'] });
    expect(unknownEvent.status).toBe(422);
    const internal = await createAs(t, { url: 'https://169.254.169.254/latest/meta-data' });
    expect(internal.status).toBe(400);
    expect(internal.body.error.message).toBe(privateAddressMessage);
    const badPatch = await createAs(t, { url: receiver.url('/x') });
    const patch = await patchAs(t, badPatch.body.id, { secret: 'whsec_mine' });
    expect(patch.status).toBe(422);
  });

  it('rotates the secret, sends a test event signed with both, logs it, and replays it with the same webhook-id', async () => {
    const t = await tenantWithKey('wh-api-flow');
    const created = await createAs(t, { url: receiver.url(`/api-flow-${t.slug}`) });
    const id = created.body.id as string;
    receiver.secrets.push(created.body.secret);
    const rotated = await call(
      rotateSecret,
      t.key,
      'POST',
      `/api/v1/webhook-endpoints/${id}/rotate-secret`,
      { id },
      { overlapSeconds: 3600 },
    );
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).not.toBe(created.body.secret);
    expect(Date.parse(rotated.body.previousSecretExpiresAt) - Date.now()).toBeGreaterThan(3500_000);
    receiver.secrets.push(rotated.body.secret);

    const tested = await call(sendTest, t.key, 'POST', `/api/v1/webhook-endpoints/${id}/test`, { id });
    expect(tested.status).toBe(200);
    expect(tested.body).toMatchObject({
      eventType: 'webhook.test',
      status: 'succeeded',
      attempts: 1,
      lastStatusCode: 200,
    });
    const got = () => receiver.received.filter((r) => r.path === `/api-flow-${t.slug}`);
    expect(got()).toHaveLength(1);
    expect(got()[0].verifiedWith.sort()).toEqual([created.body.secret, rotated.body.secret].sort());
    expect(got()[0].id).toBe(tested.body.eventId);

    const log = await call(listDeliveries, t.key, 'GET', `/api/v1/webhook-endpoints/${id}/deliveries`, { id });
    expect(log.body.data).toHaveLength(1);
    expect(log.body.data[0].attemptLog).toEqual([
      expect.objectContaining({
        statusCode: 200,
        error: null,
        responseBody: 'ok',
        durationMs: expect.any(Number),
        attemptedAt: expect.any(String),
      }),
    ]);
    const deliveryId = log.body.data[0].id as string;
    const one = await call(getDelivery, t.key, 'GET', `/api/v1/webhook-endpoints/${id}/deliveries/${deliveryId}`, {
      id,
      deliveryId,
    });
    expect(JSON.parse(one.body.body)).toMatchObject({ type: 'webhook.test', data: { endpointId: id } });

    const replayed = await call(
      replayDelivery,
      t.key,
      'POST',
      `/api/v1/webhook-endpoints/${id}/deliveries/${deliveryId}/replay`,
      { id, deliveryId },
    );
    expect(replayed.status).toBe(202);
    expect(replayed.body).toMatchObject({ status: 'pending', attempts: 0 });
    await deliverDueWebhooks({ tenantId: t.tenantId });
    expect(got()).toHaveLength(2);
    expect(got()[1].id).toBe(got()[0].id);
    expect(got()[1].body).toBe(got()[0].body);
    const after = await call(getDelivery, t.key, 'GET', `/api/v1/webhook-endpoints/${id}/deliveries/${deliveryId}`, {
      id,
      deliveryId,
    });
    expect(after.body).toMatchObject({ status: 'succeeded', attempts: 1 });
    expect(after.body.attemptLog).toHaveLength(2);
  });

  it('answers 404 for another tenant’s endpoint and delivery, and for a delivery under the wrong endpoint', async () => {
    const a = await tenantWithKey('wh-api-a');
    const b = await tenantWithKey('wh-api-b');
    const mine = await createAs(a, { url: receiver.url('/iso-a') });
    const other = await createAs(a, { url: receiver.url('/iso-a2') });
    const tested = await call(sendTest, a.key, 'POST', `/api/v1/webhook-endpoints/${mine.body.id}/test`, {
      id: mine.body.id,
    });
    const id = mine.body.id as string;
    const deliveryId = tested.body.id as string;
    expect((await call(getEndpoint, b.key, 'GET', `/api/v1/webhook-endpoints/${id}`, { id })).status).toBe(404);
    expect((await patchAs(b, id, { enabled: false })).status).toBe(404);
    expect((await call(sendTest, b.key, 'POST', `/api/v1/webhook-endpoints/${id}/test`, { id })).status).toBe(404);
    expect((await call(getDelivery, b.key, 'GET', `/x`, { id, deliveryId })).status).toBe(404);
    expect((await call(replayDelivery, b.key, 'POST', `/x`, { id, deliveryId })).status).toBe(404);
    expect((await call(getDelivery, a.key, 'GET', `/x`, { id: other.body.id, deliveryId })).status).toBe(404);
    expect((await call(listEndpoints, b.key, 'GET', '/api/v1/webhook-endpoints')).body.data).toEqual([]);
  });

  it('refuses a replay and a test for a disabled endpoint until it is enabled again', async () => {
    const t = await tenantWithKey('wh-api-disabled');
    const created = await createAs(t, { url: receiver.url('/disabled') });
    const id = created.body.id as string;
    const tested = await call(sendTest, t.key, 'POST', `/api/v1/webhook-endpoints/${id}/test`, { id });
    const deliveryId = tested.body.id as string;
    await patchAs(t, id, { enabled: false });
    expect((await call(replayDelivery, t.key, 'POST', `/x`, { id, deliveryId })).status).toBe(409);
    expect((await call(sendTest, t.key, 'POST', `/x`, { id })).status).toBe(409);
    const enabled = await patchAs(t, id, { enabled: true });
    expect(enabled.body).toMatchObject({ enabled: true, disabledReason: null });
    expect((await call(replayDelivery, t.key, 'POST', `/x`, { id, deliveryId })).status).toBe(202);
  });
});
