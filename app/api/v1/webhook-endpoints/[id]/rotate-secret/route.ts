import { z } from 'zod';
import { apiRoute } from '@/lib/api/api-route';
import { rotateWebhookSecret } from '@/lib/webhooks/rotate-webhook-secret';
import { rotateWebhookSecretInput } from '@/lib/webhooks/webhook-endpoint-input';

// POST /api/v1/webhook-endpoints/:id/rotate-secret – a new secret (shown once); both sign during the overlap
export const POST = apiRoute(
  { params: z.object({ id: z.string() }), body: rotateWebhookSecretInput },
  async ({ tx, tenantId, apiKeyId, params, body }) =>
    rotateWebhookSecret(tx, {
      tenantId,
      id: params.id,
      overlapSeconds: body.overlapSeconds,
      actor: { kind: 'api_key', apiKeyId },
    }),
);
