// POST /api/v1/ignored-messages/:id/block-sender – put the held message's sender on the blocked list
import { z } from 'zod';
import { apiRoute } from '@/lib/api/api-route';
import { blockHeldSender } from '@/lib/cases/review-sender-action';

export const POST = apiRoute({ params: z.object({ id: z.string() }) }, async ({ tx, tenantId, apiKeyId, params }) =>
  blockHeldSender(tx, { tenantId, ignoredMessageId: params.id, actor: { kind: 'api_key', apiKeyId } }),
);
