import { z } from 'zod';
import { apiRoute } from '@/lib/api/api-route';
import { listDeliveriesQuery, listWebhookDeliveries } from '@/lib/webhooks/list-webhook-deliveries';

// GET /api/v1/webhook-endpoints/:id/deliveries – the delivery log, newest first, each with its attempts
export const GET = apiRoute(
  { params: z.object({ id: z.string() }), query: listDeliveriesQuery },
  async ({ tx, params, query }) => {
    const data = await listWebhookDeliveries(tx, { endpointId: params.id, limit: query.limit, before: query.before });
    return { data, nextBefore: data.length === query.limit ? data[data.length - 1].createdAt : null };
  },
);
