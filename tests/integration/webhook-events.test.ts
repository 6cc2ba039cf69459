// Every outbox event type maps to its versioned webhook schema, with the producers' payload
// shapes; endpoints receive only the types they subscribe to; nothing outside the schema leaks.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { outboxEvents, webhookDeliveries } from '@/db/schema';
import { withTenant } from '@/db/tenancy';
import { enqueueEvent, type OutboxEventType } from '@/lib/outbox/enqueue-event';
import { createWebhookDeliveries } from '@/lib/webhooks/create-webhook-deliveries';
import { createWebhookEndpoint } from '@/lib/webhooks/create-webhook-endpoint';
import { webhookPayloadSchema } from '@/lib/webhooks/events';
import { updateWebhookEndpoint } from '@/lib/webhooks/update-webhook-endpoint';
import { makeMailboxRow } from '../helpers/receive-mail';
import { receiveNewCase } from '../helpers/receive-built-mail';
import { makeTenant } from '../helpers/tenant';

const actor = { kind: 'system' } as const;

async function fanOut(tenantId: string, type: OutboxEventType, payload: Record<string, unknown>) {
  const id = await withTenant(tenantId, (tx) => enqueueEvent(tx, tenantId, type, payload));
  const [event] = await withTenant(tenantId, (tx) => tx.select().from(outboxEvents).where(eq(outboxEvents.id, id)));
  await createWebhookDeliveries(event);
  return id;
}

describe('webhook payloads', () => {
  it('map every event type to its schema, with ids, numbers, subjects, addresses and a link', async () => {
    const t = await makeTenant('wh-events');
    const mailbox = await makeMailboxRow(t.tenantId);
    const received = await receiveNewCase(t.tenantId, mailbox, {
      from: 'Ann <ann@customer.example>',
      subject: 'Broken',
      text: 'It broke.',
      messageId: 'ann-1@customer.example',
    });
    const all = await withTenant(t.tenantId, (tx) =>
      createWebhookEndpoint(tx, {
        tenantId: t.tenantId,
        input: { url: 'http://127.0.0.1:9/all', includeBodies: true },
        actor,
      }),
    );
    const some = await withTenant(t.tenantId, (tx) =>
      createWebhookEndpoint(tx, {
        tenantId: t.tenantId,
        input: { url: 'http://127.0.0.1:9/some', events: ['message.sent', 'mailbox.error'] },
        actor,
      }),
    );

    const ids = {
      updated: await fanOut(t.tenantId, 'case.updated', {
        caseNumber: received.caseNumber,
        changes: { status: { before: 'closed', after: 'open' } },
        reason: 'reply',
      }),
      sent: await fanOut(t.tenantId, 'message.sent', {
        caseId: received.caseId,
        caseNumber: received.caseNumber,
        kind: 'acknowledgement',
        messageId: 'ack@caseflow.test',
        to: 'ann@customer.example',
        subject: '[Case #1] Broken',
      }),
      bounced: await fanOut(t.tenantId, 'message.bounced', {
        caseNumber: received.caseNumber,
        failedRecipients: ['gone@customer.example'],
        reason: 'dsn',
      }),
      reauth: await fanOut(t.tenantId, 'mailbox.needs_reauth', {
        mailboxId: mailbox.id,
        error: { code: 'oauth_invalid_grant', message: 'Sign in again.' },
        accessToken: 'ya29.secret',
      }),
      error: await fanOut(t.tenantId, 'mailbox.error', {
        mailboxId: mailbox.id,
        code: 'auth',
        message: 'Wrong password.',
        password: 'hunter2',
      }),
    };
    const rows = await withTenant(t.tenantId, (tx) => tx.select().from(webhookDeliveries));
    const bodyOf = (eventId: string, endpointId: string) =>
      JSON.parse(rows.find((r) => r.eventId === eventId && r.endpointId === endpointId)!.body);

    expect(webhookPayloadSchema('case.updated').parse(bodyOf(ids.updated, all.id)).data).toMatchObject({
      caseId: received.caseId,
      caseNumber: received.caseNumber,
      changes: { status: { before: 'closed', after: 'open' } },
      reason: 'reply',
      link: expect.stringMatching(new RegExp(`/t/${t.slug}/cases/${received.caseNumber}$`)),
    });
    expect(webhookPayloadSchema('message.sent').parse(bodyOf(ids.sent, all.id)).data).toMatchObject({
      kind: 'acknowledgement',
      to: 'ann@customer.example',
      subject: '[Case #1] Broken',
    });
    expect(webhookPayloadSchema('message.sent').parse(bodyOf(ids.sent, some.id)).data.body).toBeUndefined();
    expect(webhookPayloadSchema('message.bounced').parse(bodyOf(ids.bounced, all.id)).data).toMatchObject({
      caseId: received.caseId,
      failedRecipient: 'gone@customer.example',
      failedRecipients: ['gone@customer.example'],
    });
    expect(webhookPayloadSchema('mailbox.needs_reauth').parse(bodyOf(ids.reauth, all.id)).data).toMatchObject({
      mailboxId: mailbox.id,
      email: mailbox.email,
      state: 'needs_reauth',
      error: { code: 'oauth_invalid_grant' },
    });
    expect(webhookPayloadSchema('mailbox.error').parse(bodyOf(ids.error, some.id)).data).toMatchObject({
      mailboxId: mailbox.id,
      state: 'error',
      error: { code: 'auth', message: 'Wrong password.' },
    });
    for (const r of rows) expect(r.body).not.toMatch(/ya29|hunter2|accessToken|password"/);

    // The filtered endpoint got only its two types; the other got all five.
    expect(
      rows
        .filter((r) => r.endpointId === some.id)
        .map((r) => r.eventType)
        .sort(),
    ).toEqual(['mailbox.error', 'message.sent']);
    expect(rows.filter((r) => r.endpointId === all.id)).toHaveLength(5);
  });

  it('a disabled endpoint gets no deliveries; enabling it again does', async () => {
    const t = await makeTenant('wh-events-off');
    const endpoint = await withTenant(t.tenantId, (tx) =>
      createWebhookEndpoint(tx, { tenantId: t.tenantId, input: { url: 'http://127.0.0.1:9/x' }, actor }),
    );
    await withTenant(t.tenantId, (tx) =>
      updateWebhookEndpoint(tx, { tenantId: t.tenantId, id: endpoint.id, input: { enabled: false }, actor }),
    );
    const mailbox = await makeMailboxRow(t.tenantId);
    await fanOut(t.tenantId, 'mailbox.error', { mailboxId: mailbox.id, code: 'x', message: 'y' });
    expect(await withTenant(t.tenantId, (tx) => tx.select().from(webhookDeliveries))).toHaveLength(0);
    await withTenant(t.tenantId, (tx) =>
      updateWebhookEndpoint(tx, { tenantId: t.tenantId, id: endpoint.id, input: { enabled: true }, actor }),
    );
    await fanOut(t.tenantId, 'mailbox.error', { mailboxId: mailbox.id, code: 'x', message: 'y' });
    expect(await withTenant(t.tenantId, (tx) => tx.select().from(webhookDeliveries))).toHaveLength(1);
  });
});
