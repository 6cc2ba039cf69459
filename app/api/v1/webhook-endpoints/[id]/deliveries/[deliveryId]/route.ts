import { z } from 'zod';
import { apiRoute } from '@/lib/api/api-route';
import { AppError } from '@/lib/errors';
import { getWebhookDelivery } from '@/lib/webhooks/list-webhook-deliveries';

// GET /api/v1/webhook-endpoints/:id/deliveries/:deliveryId – one delivery with its body and attempts
export const GET = apiRoute(
  { params: z.object({ id: z.string(), deliveryId: z.string() }) },
  async ({ tx, params }) => {
    const delivery = await getWebhookDelivery(tx, params.deliveryId);
    if (delivery.endpointId !== params.id) throw new AppError('not_found', 'No such webhook delivery.');
    return delivery;
  },
);
