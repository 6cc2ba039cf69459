// POST /api/v1/rules/:id/move – one step earlier or later in its scope: { "direction": "up" | "down" }
import { z } from 'zod';
import { apiRoute } from '@/lib/api/api-route';
import { moveRule } from '@/lib/rules/reorder-rules';

export const POST = apiRoute(
  { params: z.object({ id: z.string() }), body: z.object({ direction: z.enum(['up', 'down']) }) },
  async ({ tx, tenantId, apiKeyId, params, body }) => ({
    data: await moveRule(tx, {
      tenantId,
      ruleId: params.id,
      direction: body.direction,
      actor: { kind: 'api_key', apiKeyId },
    }),
  }),
);
