import { z } from 'zod';
import { withTenant } from '@/db/tenancy';
import { apiRoute } from '@/lib/api/api-route';
import { deleteWebhookEndpoint } from '@/lib/webhooks/delete-webhook-endpoint';
import { getWebhookEndpoint, toPublicWebhookEndpoint } from '@/lib/webhooks/get-webhook-endpoint';
import { checkInputUrl } from '@/lib/webhooks/endpoint-url';
import { updateWebhookEndpoint } from '@/lib/webhooks/update-webhook-endpoint';

const params = z.object({ id: z.string() });

// GET /api/v1/webhook-endpoints/:id – one endpoint (never its secret)
export const GET = apiRoute({ params }, async ({ tx, params }) =>
  toPublicWebhookEndpoint(await getWebhookEndpoint(tx, params.id)),
);

// PATCH /api/v1/webhook-endpoints/:id – change url, description, events, enabled, includeBodies
// (the URL's name is resolved before the transaction opens: no DNS inside one)
export const PATCH = apiRoute(
  { params, body: z.record(z.string(), z.unknown()), transaction: false },
  async ({ tenantId, apiKeyId, params, body }) => {
    await checkInputUrl(body);
    return withTenant(tenantId, (tx) =>
      updateWebhookEndpoint(tx, { tenantId, id: params.id, input: body, actor: { kind: 'api_key', apiKeyId } }),
    );
  },
);

// DELETE /api/v1/webhook-endpoints/:id – remove the endpoint and its delivery log
export const DELETE = apiRoute({ params }, async ({ tx, tenantId, apiKeyId, params }) =>
  deleteWebhookEndpoint(tx, { tenantId, id: params.id, actor: { kind: 'api_key', apiKeyId } }),
);
