import { z } from 'zod';
import { apiRoute } from '@/lib/api/api-route';
import { AppError } from '@/lib/errors';
import { getWebhookDelivery } from '@/lib/webhooks/list-webhook-deliveries';
import { replayWebhookDelivery } from '@/lib/webhooks/replay-webhook-delivery';

// POST /api/v1/webhook-endpoints/:id/deliveries/:deliveryId/replay – send it again (same webhook-id) as a new series of attempts
export const POST = apiRoute(
  { params: z.object({ id: z.string(), deliveryId: z.string() }), status: 202 },
  async ({ tx, tenantId, apiKeyId, params }) => {
    const delivery = await getWebhookDelivery(tx, params.deliveryId);
    if (delivery.endpointId !== params.id) throw new AppError('not_found', 'No such webhook delivery.');
    return replayWebhookDelivery(tx, { tenantId, deliveryId: delivery.id, actor: { kind: 'api_key', apiKeyId } });
  },
);
