// POST /api/v1/ignored-messages/:id/not-spam – release the message to a case and allow its sender
import { z } from 'zod';
import { apiRoute } from '@/lib/api/api-route';
import { markHeldNotSpam } from '@/lib/cases/review-sender-action';

export const POST = apiRoute({ params: z.object({ id: z.string() }) }, async ({ tx, tenantId, apiKeyId, params }) =>
  markHeldNotSpam(tx, { tenantId, ignoredMessageId: params.id, actor: { kind: 'api_key', apiKeyId } }),
);
