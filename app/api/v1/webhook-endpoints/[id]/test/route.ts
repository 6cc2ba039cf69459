import { z } from 'zod';
import { apiRoute } from '@/lib/api/api-route';
import { sendTestWebhook } from '@/lib/webhooks/send-test-webhook';

// POST /api/v1/webhook-endpoints/:id/test – send a webhook.test event now; answers with the delivery and its attempt
export const POST = apiRoute(
  { params: z.object({ id: z.string() }), transaction: false },
  async ({ tenantId, apiKeyId, params }) =>
    sendTestWebhook({ tenantId, endpointId: params.id, actor: { kind: 'api_key', apiKeyId } }),
);
