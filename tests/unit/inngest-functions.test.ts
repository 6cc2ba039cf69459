// What Inngest is told about each function (triggers, flow control, retries) and what /api/inngest serves.
import { NextRequest } from 'next/server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GET, PUT } from '@/app/api/inngest/route';
import { functions } from '@/inngest';
import { resetEnvForTests } from '@/lib/env';
import { inngest } from '@/inngest/client';
import {
  caseAcknowledgementRequested,
  cronScope,
  mailboxSyncRequested,
  outboxEventCreated,
  webhookDeliveryRequested,
} from '@/inngest/events';
import { dispatchOutbox } from '@/inngest/functions/dispatch-outbox';
import { pollMailboxes } from '@/inngest/functions/poll-mailboxes';
import { processOutboxEventFunction } from '@/inngest/functions/process-outbox-event';
import { SYNC_CONCURRENCY_PER_TENANT, syncMailboxFunction } from '@/inngest/functions/sync-mailbox';

type Fn = (typeof functions)[number];
type RegisteredConfig = {
  id: string;
  triggers: ({ event: string } | { cron: string })[];
  steps: Record<string, { retries?: { attempts: number } }>;
  concurrency?: unknown;
  singleton?: unknown;
};

const keys = ['INNGEST_DEV', 'INNGEST_SIGNING_KEY', 'INNGEST_EVENT_KEY', 'INNGEST_BASE_URL'] as const;
let saved: Record<string, string | undefined> = {};
beforeEach(() => {
  saved = Object.fromEntries(keys.map((k) => [k, process.env[k]]));
  for (const k of keys) delete process.env[k];
});
afterEach(() => {
  for (const k of keys) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
  resetEnvForTests();
  inngest.setEnvVars(process.env);
});
function configure(vars: Partial<Record<(typeof keys)[number], string>>) {
  Object.assign(process.env, vars);
  resetEnvForTests();
  // The SDK also reads process.env itself, once at construction: give it the new values.
  inngest.setEnvVars(vars);
}

/**
 * The configuration /api/inngest registers with Inngest (each function, then any failure handler), as Inngest
 * itself asks for it: an in-band sync, a PUT with `x-inngest-sync-kind: in_band` whose answer is the register
 * body (dev server mode, so unsigned).
 */
async function registeredConfigs(): Promise<RegisteredConfig[]> {
  configure({ INNGEST_DEV: '1' });
  const url = 'http://localhost:3000/api/inngest';
  const res = await PUT(
    new NextRequest(url, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', 'x-inngest-sync-kind': 'in_band' },
      body: JSON.stringify({ url }),
    }),
    undefined,
  );
  expect(res.status).toBe(200);
  return ((await res.json()) as { functions: RegisteredConfig[] }).functions;
}

async function registered(fn: Fn): Promise<RegisteredConfig> {
  const config = (await registeredConfigs()).find((c) => c.id === fn.id(inngest.id));
  if (!config) throw new Error(`${fn.id()} is not registered`);
  return config;
}

describe('Inngest function configuration', () => {
  it('every function has its own stable id under the caseflow app', async () => {
    expect(inngest.id).toBe('caseflow');
    const ids = await Promise.all(functions.map(async (fn) => (await registered(fn)).id));
    expect(new Set(ids).size).toBe(functions.length);
    expect(ids).toEqual(
      expect.arrayContaining([
        'caseflow-poll-mailboxes',
        'caseflow-sync-mailbox',
        'caseflow-dispatch-outbox',
        'caseflow-process-outbox-event',
        'caseflow-send-acknowledgement',
        'caseflow-deliver-webhook',
        'caseflow-run-periodic-tasks',
      ]),
    );
  });

  it('the poll and the outbox dispatcher run every minute; the dispatcher also on request after a sync', async () => {
    expect((await registered(pollMailboxes)).triggers).toEqual([{ cron: '* * * * *' }]);
    expect((await registered(dispatchOutbox)).triggers).toEqual([
      { cron: '* * * * *' },
      { event: 'outbox/dispatch.requested' },
    ]);
  });

  it('the sync runs once per mailbox at a time, a bounded number per tenant, with retries', async () => {
    const config = await registered(syncMailboxFunction);
    expect(config.triggers).toEqual([{ event: 'mailbox/sync.requested' }]);
    expect(config.singleton).toEqual({ key: 'event.data.mailboxId', mode: 'skip' });
    expect(config.concurrency).toEqual([{ key: 'event.data.tenantId', limit: SYNC_CONCURRENCY_PER_TENANT }]);
    expect(Object.values(config.steps)[0].retries?.attempts).toBeGreaterThan(0);
  });

  it('outbox events are processed with a per-tenant limit and retries', async () => {
    const config = await registered(processOutboxEventFunction);
    expect(config.triggers).toEqual([{ event: 'outbox/event.created' }]);
    expect(config.concurrency).toEqual([expect.objectContaining({ key: 'event.data.tenantId' })]);
    expect(Object.values(config.steps)[0].retries?.attempts).toBeGreaterThan(0);
  });
});

describe('Inngest events', () => {
  const uuid = '7d3f1c2e-9a4b-4c6d-8e2f-1a2b3c4d5e6f';

  it('accept ids and small enums, reject malformed ids and unknown reasons', async () => {
    const ok = async (e: { validate: () => Promise<void> }) =>
      e.validate().then(
        () => true,
        () => false,
      );
    expect(await ok(mailboxSyncRequested.create({ mailboxId: uuid, tenantId: uuid, reason: 'poll' }))).toBe(true);
    expect(await ok(mailboxSyncRequested.create({ mailboxId: 'x', tenantId: uuid, reason: 'poll' }))).toBe(false);
    expect(
      await ok(mailboxSyncRequested.create({ mailboxId: uuid, tenantId: uuid, reason: 'because' as 'poll' })),
    ).toBe(false);
    expect(await ok(outboxEventCreated.create({ outboxEventId: uuid, tenantId: uuid, type: 'case.created' }))).toBe(
      true,
    );
    expect(await ok(caseAcknowledgementRequested.create({ tenantId: uuid, caseId: 'x' }))).toBe(false);
    expect(await ok(webhookDeliveryRequested.create({ tenantId: uuid, deliveryId: uuid }))).toBe(true);
  });

  it('a cron run covers every tenant unless its data names some', () => {
    expect(cronScope({ cron: '* * * * *' })).toBeUndefined();
    expect(cronScope({ cron: '* * * * *', tenantIds: [uuid] })).toEqual([uuid]);
    expect(cronScope({ tenantIds: ['not-a-uuid'] })).toBeUndefined();
  });
});

describe('/api/inngest', () => {
  const introspect = async () => {
    const res = await GET(new NextRequest('http://localhost:3000/api/inngest'), undefined);
    const body = (await res.json()) as { function_count?: number; mode?: string };
    return { status: res.status, body };
  };

  it('serves every function, failure handlers included (dev server mode)', async () => {
    const registeredCount = (await registeredConfigs()).length;
    const { status, body } = await introspect();
    expect(status).toBe(200);
    expect(registeredCount).toBe(functions.length + 1); // process-outbox-event's onFailure
    expect(body).toMatchObject({ function_count: registeredCount, mode: 'dev' });
  });

  it('with Inngest Cloud settings an unsigned request learns nothing', async () => {
    configure({ INNGEST_SIGNING_KEY: 'signkey-test-0123456789abcdef0123456789abcdef', INNGEST_EVENT_KEY: 'test' });
    const { status, body } = await introspect();
    expect(status).toBe(401);
    expect(body.function_count).toBeUndefined();
  });
});
