// POST /api/v1/contacts/:id/merge – merge another contact into this one ({ mergeId }): its cases move
// here, its address becomes one of this contact's. Answers with this contact and `movedCases`.
import { z } from 'zod';
import { apiRoute } from '@/lib/api/api-route';
import { mergeContacts, mergeContactsInput } from '@/lib/contacts/merge-contacts';

export const POST = apiRoute(
  { params: z.object({ id: z.string() }), body: mergeContactsInput },
  async ({ tx, tenantId, apiKeyId, params, body }) =>
    mergeContacts(tx, { tenantId, keepId: params.id, mergeId: body.mergeId, actor: { kind: 'api_key', apiKeyId } }),
);
