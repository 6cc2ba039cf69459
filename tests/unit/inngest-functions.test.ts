// What Inngest is told about each function (triggers, flow control, retries) and what /api/inngest serves.
import { NextRequest } from 'next/server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GET } from '@/app/api/inngest/route';
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

/** The configuration the serve handler registers with Inngest (the function, then any failure handler). */
function allConfigs(fn: Fn): RegisteredConfig[] {
  return (fn as unknown as { getConfig: (o: { baseUrl: URL; appPrefix: string }) => RegisteredConfig[] }).getConfig({
    baseUrl: new URL('http://localhost:3000/api/inngest'),
    appPrefix: inngest.id,
  });
}

function registered(fn: Fn): RegisteredConfig {
  return allConfigs(fn)[0];
}

describe('Inngest function configuration', () => {
  it('every function has its own stable id under the caseflow app', () => {
    expect(inngest.id).toBe('caseflow');
    const ids = functions.map((fn) => registered(fn).id);
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

  it('the poll and the outbox dispatcher run every minute; the dispatcher also on request after a sync', () => {
    expect(registered(pollMailboxes).triggers).toEqual([{ cron: '* * * * *' }]);
    expect(registered(dispatchOutbox).triggers).toEqual([
      { cron: '* * * * *' },
      { event: 'outbox/dispatch.requested' },
    ]);
  });

  it('the sync runs once per mailbox at a time, a bounded number per tenant, with retries', () => {
    const config = registered(syncMailboxFunction);
    expect(config.triggers).toEqual([{ event: 'mailbox/sync.requested' }]);
    expect(config.singleton).toEqual({ key: 'event.data.mailboxId', mode: 'skip' });
    expect(config.concurrency).toEqual([{ key: 'event.data.tenantId', limit: SYNC_CONCURRENCY_PER_TENANT }]);
    expect(Object.values(config.steps)[0].retries?.attempts).toBeGreaterThan(0);
  });

  it('outbox events are processed with a per-tenant limit and retries', () => {
    const config = registered(processOutboxEventFunction);
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
  const introspect = async () => {
    const res = await GET(new NextRequest('http://localhost:3000/api/inngest'), undefined);
    const body = (await res.json()) as { function_count?: number; mode?: string };
    return { status: res.status, body };
  };

  it('serves every function, failure handlers included (dev server mode)', async () => {
    configure({ INNGEST_DEV: '1' });
    const { status, body } = await introspect();
    expect(status).toBe(200);
    const registeredCount = functions.flatMap((fn) => allConfigs(fn)).length;
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
