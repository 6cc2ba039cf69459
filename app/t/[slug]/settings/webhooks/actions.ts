'use server';
// Webhook endpoint actions: thin wrappers over lib/webhooks (owners and admins only).
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { withTenant } from '@/db/tenancy';
import { defineAction } from '@/lib/auth/define-action';
import { MANAGE_ROLE } from '@/lib/auth/roles';
import { createWebhookEndpoint } from '@/lib/webhooks/create-webhook-endpoint';
import { checkInputUrl } from '@/lib/webhooks/endpoint-url';
import { deleteWebhookEndpoint } from '@/lib/webhooks/delete-webhook-endpoint';
import { deliverWebhook } from '@/lib/webhooks/deliver-webhook';
import { WEBHOOK_EVENT_TYPES } from '@/lib/webhooks/events';
import { getWebhookDelivery } from '@/lib/webhooks/list-webhook-deliveries';
import { replayWebhookDelivery } from '@/lib/webhooks/replay-webhook-delivery';
import { rotateWebhookSecret } from '@/lib/webhooks/rotate-webhook-secret';
import { sendTestWebhook } from '@/lib/webhooks/send-test-webhook';
import { updateWebhookEndpoint } from '@/lib/webhooks/update-webhook-endpoint';
import { parseBooleanText } from '@/lib/boolean-text';

// Checkboxes arrive as `event:<type>=on` (the action helper keeps one value per name); none ticked = all events.
const ticked = (value: unknown) => typeof value === 'string' && parseBooleanText(value) === true;
const endpointFields = (raw: Record<string, unknown>) => ({
  url: String(raw.url ?? ''),
  description: typeof raw.description === 'string' ? raw.description : '',
  events: WEBHOOK_EVENT_TYPES.filter((t) => ticked(raw[`event:${t}`])),
  includeBodies: ticked(raw.includeBodies),
});
const endpointForm = z.looseObject({ url: z.string() }).transform(endpointFields);
const editEndpointForm = z
  .looseObject({ url: z.string(), endpointId: z.uuid() })
  .transform((raw) => ({ ...endpointFields(raw), endpointId: raw.endpointId, enabled: ticked(raw.enabled) }));

const base = (slug: string) => `/t/${slug}/settings/webhooks`;

export const createEndpointAction = defineAction(
  { auth: 'tenant', role: MANAGE_ROLE, schema: endpointForm, transaction: false },
  async (input, { tenant, actor }) => {
    await checkInputUrl(input); // resolves the name: before the transaction, never inside it
    const created = await withTenant(tenant.id, (tx) =>
      createWebhookEndpoint(tx, { tenantId: tenant.id, input, actor }),
    );
    revalidatePath(base(tenant.slug));
    return { id: created.id, url: created.url, secret: created.secret };
  },
);

export const updateEndpointAction = defineAction(
  { auth: 'tenant', role: MANAGE_ROLE, schema: editEndpointForm, transaction: false },
  async (input, { tenant, actor }) => {
    const { endpointId, ...fields } = input;
    await checkInputUrl(fields); // resolves the name: before the transaction, never inside it
    await withTenant(tenant.id, (tx) =>
      updateWebhookEndpoint(tx, { tenantId: tenant.id, id: endpointId, input: fields, actor }),
    );
    revalidatePath(`${base(tenant.slug)}/${endpointId}`);
    return { saved: true };
  },
);

const endpointIdForm = z.object({ endpointId: z.uuid() });

export const rotateSecretAction = defineAction(
  { auth: 'tenant', role: MANAGE_ROLE, schema: endpointIdForm },
  async (input, { tx, tenant, actor }) => {
    const rotated = await rotateWebhookSecret(tx, { tenantId: tenant.id, id: input.endpointId, actor });
    revalidatePath(`${base(tenant.slug)}/${input.endpointId}`);
    return { secret: rotated.secret, previousSecretExpiresAt: rotated.previousSecretExpiresAt };
  },
);

export const sendTestAction = defineAction(
  { auth: 'tenant', role: MANAGE_ROLE, transaction: false, schema: endpointIdForm },
  async (input, { tenant, actor }) => {
    const delivery = await sendTestWebhook({ tenantId: tenant.id, endpointId: input.endpointId, actor });
    revalidatePath(`${base(tenant.slug)}/${input.endpointId}`);
    return { status: delivery.status, statusCode: delivery.lastStatusCode, error: delivery.lastError };
  },
);

export const deleteEndpointAction = defineAction(
  { auth: 'tenant', role: MANAGE_ROLE, schema: endpointIdForm },
  async (input, { tx, tenant, actor }) => {
    await deleteWebhookEndpoint(tx, { tenantId: tenant.id, id: input.endpointId, actor });
    revalidatePath(base(tenant.slug));
    redirect(base(tenant.slug));
  },
);

// A replay from the page is sent at once (the person is waiting for it); later attempts follow the schedule.
export const replayDeliveryAction = defineAction(
  { auth: 'tenant', role: MANAGE_ROLE, transaction: false, schema: z.object({ deliveryId: z.uuid() }) },
  async (input, { tenant, actor }) => {
    const replayed = await withTenant(tenant.id, (tx) =>
      replayWebhookDelivery(tx, { tenantId: tenant.id, deliveryId: input.deliveryId, actor }),
    );
    await deliverWebhook(replayed.id);
    const after = await withTenant(tenant.id, (tx) => getWebhookDelivery(tx, replayed.id));
    revalidatePath(`${base(tenant.slug)}/${replayed.endpointId}`);
    return { status: after.status, statusCode: after.lastStatusCode };
  },
);
