// DELETE /api/v1/sender-lists/:id – take a sender off its list
import { z } from 'zod';
import { apiRoute } from '@/lib/api/api-route';
import { removeSenderEntry } from '@/lib/rules/sender-list-entries';

export const DELETE = apiRoute({ params: z.object({ id: z.string() }) }, async ({ tx, tenantId, apiKeyId, params }) =>
  removeSenderEntry(tx, { tenantId, id: params.id, actor: { kind: 'api_key', apiKeyId } }),
);
