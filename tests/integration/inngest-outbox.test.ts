// The Inngest outbox dispatcher and processor: committed rows become events whose id is the row id,
// each row is marked dispatched once, and the processor hands the row to the consumers.
import { InngestTestEngine } from '@inngest/test';
import { eq, inArray, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { outboxEvents } from '@/db/schema';
import { withSystem, withTenant } from '@/db/tenancy';
import { dispatchOutbox } from '@/inngest/functions/dispatch-outbox';
import { processOutboxEventFunction } from '@/inngest/functions/process-outbox-event';
import { registerOutboxConsumer } from '@/lib/outbox/consumers';
import { enqueueEvent } from '@/lib/outbox/enqueue-event';
import { startTestEventApi } from '../helpers/inngest-event-api';
import { makeTenant } from '../helpers/tenant';
import { useStarted } from '../helpers/use-started';

// @inngest/test 1.0.0 with inngest 4: one InngestTestEngine memoizes step results by step id across
// all its executions (mockHandlerCache, shared with clones), so a second execute() on the same engine
// runs the steps again but returns the first run's outputs. Every run here gets a fresh engine.
// Also, a mocked step whose handler throws reaches the v4 engine as a step that returned undefined
// (the engine tests `typeof stepState.data`, which @inngest/test makes a Promise), so failures are
// produced for real or by stopping the run with executeStep().
type Events = NonNullable<Parameters<InngestTestEngine['execute']>[0]>['events'];
const run = (fn: Parameters<typeof engineFor>[0], events: Events) => engineFor(fn).execute({ events });
function engineFor(fn: typeof dispatchOutbox | typeof processOutboxEventFunction) {
  return new InngestTestEngine({ function: fn });
}

const api = useStarted(startTestEventApi, (started) => started.close());

async function enqueue(tenantId: string, n: number): Promise<string[]> {
  return withTenant(tenantId, async (tx) => {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) ids.push(await enqueueEvent(tx, tenantId, 'message.received', { i }));
    return ids;
  });
}

async function rows(ids: string[]) {
  return withSystem((tx) => tx.select().from(outboxEvents).where(inArray(outboxEvents.id, ids)));
}

const dispatchRequested = (tenantId: string) => ({
  name: 'outbox/dispatch.requested',
  data: { tenantId, reason: 'manual' },
});

describe('the Inngest outbox dispatcher', () => {
  it('sends one outbox/event.created per committed row with the row id as the event id, and marks each row dispatched once', async () => {
    const tenant = await makeTenant('dispatch');
    const other = await makeTenant('dispatch-other');
    const ids = await enqueue(tenant.tenantId, 5);
    const otherIds = await enqueue(other.tenantId, 2);
    const before = api.events.length;
    const first = await run(dispatchOutbox, [dispatchRequested(tenant.tenantId)]);
    expect(first.error).toBeUndefined();
    expect(first.result).toEqual({ dispatched: 5 });
    const sent = api.events.slice(before);
    expect(sent.map((e) => e.id).sort()).toEqual([...ids].sort());
    for (const e of sent) {
      expect(e.name).toBe('outbox/event.created');
      expect(e.data).toEqual({ outboxEventId: e.id, tenantId: tenant.tenantId, type: 'message.received' });
    }
    const marked = await rows(ids);
    expect(marked.every((r) => r.dispatchedAt && r.attempts === 1)).toBe(true);
    // Another tenant's rows wait for their own request (or the cron).
    expect((await rows(otherIds)).every((r) => r.dispatchedAt === null)).toBe(true);

    const again = await run(dispatchOutbox, [dispatchRequested(tenant.tenantId)]);
    expect(again.result).toEqual({ dispatched: 0 });
    expect(api.events.slice(before).length).toBe(5);
    const after = await rows(ids);
    expect(after.map((r) => [r.id, r.dispatchedAt?.getTime(), r.attempts]).sort()).toEqual(
      marked.map((r) => [r.id, r.dispatchedAt?.getTime(), r.attempts]).sort(),
    );
  });

  it('two dispatchers at once send every row exactly once', async () => {
    const tenant = await makeTenant('dispatch-race');
    const ids = await enqueue(tenant.tenantId, 450);
    const before = api.events.length;
    const [a, b] = await Promise.all([
      run(dispatchOutbox, [dispatchRequested(tenant.tenantId)]),
      run(dispatchOutbox, [dispatchRequested(tenant.tenantId)]),
    ]);
    const total = (a.result as { dispatched: number }).dispatched + (b.result as { dispatched: number }).dispatched;
    expect(total).toBe(450);
    const sentIds = api.events
      .slice(before)
      .filter((e) => e.data.tenantId === tenant.tenantId)
      .map((e) => e.id);
    expect(sentIds).toHaveLength(450);
    expect(new Set(sentIds)).toEqual(new Set(ids));
    expect((await rows(ids)).every((r) => r.dispatchedAt && r.attempts === 1)).toBe(true);
  });

  it('a crash between sending and marking sends the rows again under the same ids once their claim runs out', async () => {
    const tenant = await makeTenant('dispatch-crash');
    const ids = await enqueue(tenant.tenantId, 3);
    const before = api.events.length;
    // Run until the send step has run, and no further: the process died before marking.
    // (A mocked step that throws would not do: see the note at the top of this file.)
    const crashed = await engineFor(dispatchOutbox).executeStep('send-0', {
      events: [dispatchRequested(tenant.tenantId)],
    });
    expect(crashed.error).toBeUndefined();
    const firstIds = api.events.slice(before).map((e) => e.id);
    expect(firstIds.sort()).toEqual([...ids].sort());
    expect((await rows(ids)).every((r) => r.dispatchedAt === null)).toBe(true);

    // Still claimed: nothing to do yet.
    const early = await run(dispatchOutbox, [dispatchRequested(tenant.tenantId)]);
    expect(early.result).toEqual({ dispatched: 0 });

    // The claim runs out (as it would CLAIM_SECONDS later).
    await withSystem((tx) =>
      tx
        .update(outboxEvents)
        .set({ nextAttemptAt: sql`now()` })
        .where(inArray(outboxEvents.id, ids)),
    );
    const mid = api.events.length;
    const retried = await run(dispatchOutbox, [dispatchRequested(tenant.tenantId)]);
    expect(retried.result).toEqual({ dispatched: 3 });
    expect(
      api.events
        .slice(mid)
        .map((e) => e.id)
        .sort(),
    ).toEqual(firstIds.sort());
    expect((await rows(ids)).every((r) => r.dispatchedAt !== null)).toBe(true);
  });

  it('the cron run, narrowed to one tenant, dispatches that tenant’s rows', async () => {
    const tenant = await makeTenant('dispatch-cron');
    const ids = await enqueue(tenant.tenantId, 2);
    const cronRun = await run(dispatchOutbox, [
      { name: 'inngest/scheduled.timer', data: { cron: '* * * * *', tenantIds: [tenant.tenantId] } },
    ]);
    expect(cronRun.result).toEqual({ dispatched: 2 });
    expect((await rows(ids)).every((r) => r.dispatchedAt !== null)).toBe(true);
  });
});

describe('the Inngest outbox processor', () => {
  it('hands the committed row to the registered consumers; an event naming another tenant finds nothing', async () => {
    const tenant = await makeTenant('process');
    const other = await makeTenant('process-other');
    const seen: { id: string; payload: unknown }[] = [];
    registerOutboxConsumer({
      name: `inngest-test-recorder-${tenant.tenantId}`,
      handles: (e) => e.tenantId === tenant.tenantId,
      handle: async (e) => {
        seen.push({ id: e.id, payload: e.payload });
      },
    });
    const [id] = await enqueue(tenant.tenantId, 1);
    const processed = await run(processOutboxEventFunction, [
      {
        name: 'outbox/event.created',
        data: { outboxEventId: id, tenantId: tenant.tenantId, type: 'message.received' },
      },
    ]);
    expect(processed.error).toBeUndefined();
    expect(processed.result).toEqual({
      outboxEventId: id,
      type: 'message.received',
      processed: true,
      webhookDeliveries: 0,
    });
    expect(seen).toEqual([{ id, payload: { i: 0 } }]);

    const forged = await run(processOutboxEventFunction, [
      { name: 'outbox/event.created', data: { outboxEventId: id, tenantId: other.tenantId, type: 'message.received' } },
    ]);
    expect(forged.result).toMatchObject({ processed: false });
    expect(seen).toHaveLength(1);
  });

  it('a consumer that throws fails the step retriably, and the row is left as it was', async () => {
    const tenant = await makeTenant('process-fail');
    registerOutboxConsumer({
      name: `inngest-test-failing-${tenant.tenantId}`,
      handles: (e) => e.tenantId === tenant.tenantId,
      handle: async () => {
        throw new Error('endpoint down');
      },
    });
    const [id] = await enqueue(tenant.tenantId, 1);
    const { step, error } = await engineFor(processOutboxEventFunction).executeStep('process', {
      events: [
        {
          name: 'outbox/event.created',
          data: { outboxEventId: id, tenantId: tenant.tenantId, type: 'message.received' },
        },
      ],
    });
    expect(step.op).toBe('StepError');
    expect(String((error as { message?: string }).message)).toMatch(/endpoint down/);
    const [row] = await withSystem((tx) => tx.select().from(outboxEvents).where(eq(outboxEvents.id, id)));
    expect(row.lastError).toBeNull();
  });
});
