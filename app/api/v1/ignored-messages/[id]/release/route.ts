// POST /api/v1/ignored-messages/:id/release – turn an ignored or quarantined message into case history
// (joins the case it threads to, else opens a new case); 404 for a malformed, missing or other tenant's id.
import { z } from 'zod';
import { apiRoute } from '@/lib/api/api-route';
import { releaseIgnoredMessage } from '@/lib/cases/release-ignored-message';

export const POST = apiRoute({ params: z.object({ id: z.string() }) }, async ({ tx, tenantId, apiKeyId, params }) =>
  releaseIgnoredMessage(tx, { tenantId, ignoredMessageId: params.id, actor: { kind: 'api_key', apiKeyId } }),
);
