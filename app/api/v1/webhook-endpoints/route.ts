// Webhook endpoints API (owners/admins create API keys, so a key may manage endpoints):
//
//   GET    /api/v1/webhook-endpoints                                   – list (never secrets)
//   POST   /api/v1/webhook-endpoints                                   – { url, events?, description?, includeBodies? } → endpoint + `secret`, shown once
//   GET    /api/v1/webhook-endpoints/:id                               – one endpoint
//   PATCH  /api/v1/webhook-endpoints/:id                               – { url?, description?, events?, enabled?, includeBodies? }
//   DELETE /api/v1/webhook-endpoints/:id                               – remove it with its delivery log
//   POST   /api/v1/webhook-endpoints/:id/rotate-secret                 – { overlapSeconds? } → new `secret`; old one signs too until the overlap ends (default 24 h)
//   POST   /api/v1/webhook-endpoints/:id/test                          – send a `webhook.test` event now → the delivery with its attempt
//   GET    /api/v1/webhook-endpoints/:id/deliveries?limit=&before=     – delivery log, newest first, each with its attempts
//   GET    /api/v1/webhook-endpoints/:id/deliveries/:deliveryId        – one delivery with its body and attempts
//   POST   /api/v1/webhook-endpoints/:id/deliveries/:deliveryId/replay – send it again (same webhook-id) as a new series of attempts
import { z } from 'zod';
import { withTenant } from '@/db/tenancy';
import { apiRoute } from '@/lib/api/api-route';
import { createWebhookEndpoint } from '@/lib/webhooks/create-webhook-endpoint';
import { checkInputUrl } from '@/lib/webhooks/endpoint-url';
import { listWebhookEndpoints, toPublicWebhookEndpoint } from '@/lib/webhooks/get-webhook-endpoint';

// GET /api/v1/webhook-endpoints – the tenant's endpoints
export const GET = apiRoute({}, async ({ tx }) => ({
  data: (await listWebhookEndpoints(tx)).map((row) => toPublicWebhookEndpoint(row)),
}));

// POST /api/v1/webhook-endpoints – add an endpoint; the response carries its secret, once
// (the URL's name is resolved before the transaction opens: no DNS inside one)
export const POST = apiRoute(
  { body: z.record(z.string(), z.unknown()), status: 201, transaction: false },
  async ({ tenantId, apiKeyId, body }) => {
    await checkInputUrl(body);
    return withTenant(tenantId, (tx) =>
      createWebhookEndpoint(tx, { tenantId, input: body, actor: { kind: 'api_key', apiKeyId } }),
    );
  },
);
