// POST /api/v1/ignored-messages/:id/resend-confirmation – ask a held unknown sender to confirm again
import { z } from 'zod';
import { apiRoute } from '@/lib/api/api-route';
import { resendSenderConfirmation } from '@/lib/contacts/resend-sender-confirmation';

export const POST = apiRoute({ params: z.object({ id: z.string() }) }, async ({ tx, tenantId, apiKeyId, params }) =>
  resendSenderConfirmation(tx, { tenantId, ignoredMessageId: params.id, actor: { kind: 'api_key', apiKeyId } }),
);
