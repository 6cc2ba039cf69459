// At scale, an outbox event's webhook deliveries each get a `webhook/delivery.requested` and the
// delivery function follows the delivery's retry schedule by sleeping between attempts.
import { InngestTestEngine } from '@inngest/test';
import { and, eq } from 'drizzle-orm';
import { StepOpCode } from 'inngest/types';
import { describe, expect, it } from 'vitest';
import { outboxEvents, webhookDeliveries } from '@/db/schema';
import { withTenant } from '@/db/tenancy';
import { deliverWebhookFunction } from '@/inngest/functions/deliver-webhook';
import { processOutboxEventFunction } from '@/inngest/functions/process-outbox-event';
import { runPeriodicTasks } from '@/inngest/functions/run-periodic-tasks';
import { createWebhookEndpoint } from '@/lib/webhooks/create-webhook-endpoint';
import { startTestEventApi } from '../helpers/inngest-event-api';
import { receiveBuiltMail } from '../helpers/receive-built-mail';
import { makeMailboxRow } from '../helpers/receive-mail';
import { makeTenant } from '../helpers/tenant';
import { useStarted } from '../helpers/use-started';
import { startWebhookReceiver } from '../helpers/webhook-receiver';

const api = useStarted(startTestEventApi, (started) => started.close());
const receiver = useStarted(startWebhookReceiver, (started) => started.stop());

const BODY = 'Smoke everywhere, canary-webhook-body-5c1e';

/** A tenant with one endpoint on its own receiver path, a new case, and that case's case.created outbox row. */
async function setup(label: string) {
  const tenant = await makeTenant(label);
  const path = `/${label}-${tenant.slug}`;
  const endpoint = await withTenant(tenant.tenantId, (tx) =>
    createWebhookEndpoint(tx, {
      tenantId: tenant.tenantId,
      input: { url: receiver.url(path), events: ['case.created'] },
      actor: { kind: 'system' },
    }),
  );
  receiver.secrets.push(endpoint.secret);
  const mailbox = await makeMailboxRow(tenant.tenantId);
  await receiveBuiltMail(tenant.tenantId, mailbox, {
    from: 'Ann <ann@customer.example>',
    subject: 'Printer on fire',
    text: BODY,
  });
  const [row] = await withTenant(tenant.tenantId, (tx) =>
    tx
      .select()
      .from(outboxEvents)
      .where(and(eq(outboxEvents.tenantId, tenant.tenantId), eq(outboxEvents.type, 'case.created'))),
  );
  return {
    tenant,
    endpoint,
    path,
    outboxEventId: row.id,
    received: () => receiver.received.filter((r) => r.path === path),
  };
}

describe('webhooks through Inngest', () => {
  it('processing an outbox event requests each delivery it created (deduplicated by delivery id), and the delivery function sends it signed', async () => {
    const t = await setup('inngest-hook');
    const before = api.events.length;
    const processed = await new InngestTestEngine({ function: processOutboxEventFunction }).execute({
      events: [
        {
          name: 'outbox/event.created',
          data: { outboxEventId: t.outboxEventId, tenantId: t.tenant.tenantId, type: 'case.created' },
        },
      ],
    });
    expect(processed.error).toBeUndefined();
    expect(processed.result).toMatchObject({ processed: true, webhookDeliveries: 1 });
    const [delivery] = await withTenant(t.tenant.tenantId, (tx) =>
      tx.select().from(webhookDeliveries).where(eq(webhookDeliveries.eventId, t.outboxEventId)),
    );
    const requests = api.events.slice(before).filter((e) => e.name === 'webhook/delivery.requested');
    expect(requests).toEqual([
      expect.objectContaining({
        id: `webhook-delivery-${delivery.id}`,
        data: { tenantId: t.tenant.tenantId, deliveryId: delivery.id },
      }),
    ]);
    expect(t.received()).toHaveLength(0); // nothing sent yet: that is the delivery function's work

    const delivered = await new InngestTestEngine({ function: deliverWebhookFunction }).execute({
      events: [{ name: 'webhook/delivery.requested', data: requests[0].data }],
    });
    expect(delivered.error).toBeUndefined();
    expect(delivered.result).toEqual({ status: 'succeeded', attempted: true, nextAttemptAt: null });
    expect(t.received()).toHaveLength(1);
    expect(t.received()[0].verifiedWith).toEqual([t.endpoint.secret]);

    const kept = JSON.stringify([processed.result, delivered.result, api.bodies]);
    expect(kept).not.toContain(t.endpoint.secret);
    expect(kept).not.toContain(BODY);
    expect(kept).not.toContain('Printer on fire');
  });

  it('a failed attempt makes the run sleep until the delivery’s next attempt time', async () => {
    const t = await setup('inngest-hook-retry');
    await new InngestTestEngine({ function: processOutboxEventFunction }).execute({
      events: [
        {
          name: 'outbox/event.created',
          data: { outboxEventId: t.outboxEventId, tenantId: t.tenant.tenantId, type: 'case.created' },
        },
      ],
    });
    const [delivery] = await withTenant(t.tenant.tenantId, (tx) =>
      tx.select().from(webhookDeliveries).where(eq(webhookDeliveries.eventId, t.outboxEventId)),
    );
    receiver.respond((req) => (req.path === t.path ? { status: 503 } : { status: 200 }));
    try {
      const { step } = await new InngestTestEngine({ function: deliverWebhookFunction }).executeStep('wait-0', {
        events: [
          { name: 'webhook/delivery.requested', data: { tenantId: t.tenant.tenantId, deliveryId: delivery.id } },
        ],
      });
      expect(step.op).toBe(StepOpCode.Sleep);
      const [after] = await withTenant(t.tenant.tenantId, (tx) =>
        tx.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, delivery.id)),
      );
      expect(after).toMatchObject({ status: 'pending', attempts: 1, lastStatusCode: 503 });
      expect(new Date(String((step.opts as { timeout?: string }).timeout ?? step.name)).getTime()).toBe(
        after.nextAttemptAt.getTime(),
      );
    } finally {
      receiver.respond(() => ({ status: 200 }));
    }
  });

  it('the periodic-tasks cron scoped to one tenant sends that tenant’s due deliveries and leaves another’s pending', async () => {
    const mine = await setup('inngest-periodic-mine');
    const other = await setup('inngest-periodic-other');
    for (const t of [mine, other])
      await new InngestTestEngine({ function: processOutboxEventFunction }).execute({
        events: [
          {
            name: 'outbox/event.created',
            data: { outboxEventId: t.outboxEventId, tenantId: t.tenant.tenantId, type: 'case.created' },
          },
        ],
      });
    const status = async (t: typeof mine) =>
      (
        await withTenant(t.tenant.tenantId, (tx) =>
          tx.select().from(webhookDeliveries).where(eq(webhookDeliveries.eventId, t.outboxEventId)),
        )
      ).map((d) => d.status);

    const run = await new InngestTestEngine({ function: runPeriodicTasks }).execute({
      events: [{ name: 'inngest/scheduled.timer', data: { cron: '* * * * *', tenantIds: [mine.tenant.tenantId] } }],
    });
    expect(run.error).toBeUndefined();
    // The engine can report the run before the step's request has been answered: wait for the delivery itself.
    await expect.poll(() => status(mine), { timeout: 15_000 }).toEqual(['succeeded']);
    expect(mine.received()).toHaveLength(1);
    expect(other.received()).toHaveLength(0);
    expect(await status(other)).toEqual(['pending']);
  });

  it('a delivery that does not exist ends the run without an attempt', async () => {
    const tenant = await makeTenant('inngest-hook-missing');
    const run = await new InngestTestEngine({ function: deliverWebhookFunction }).execute({
      events: [
        {
          name: 'webhook/delivery.requested',
          data: { tenantId: tenant.tenantId, deliveryId: '7d3f1c2e-9a4b-4c6d-8e2f-1a2b3c4d5e6f' },
        },
      ],
    });
    expect(run.result).toEqual({ status: 'missing', attempted: false, nextAttemptAt: null });
  });
});
