// GET /api/v1/contacts/:id – one contact (addresses, organisation, case count); a merged contact's id
// answers with the contact it was merged into.
// PATCH /api/v1/contacts/:id – change its name or organisation ({ name?, organizationId? }; null clears).
import { z } from 'zod';
import { apiRoute } from '@/lib/api/api-route';
import { getContact } from '@/lib/contacts/get-contact';
import { updateContact } from '@/lib/contacts/update-contact';

const params = z.object({ id: z.string() });

export const GET = apiRoute({ params }, async ({ tx, params }) => getContact(tx, { id: params.id }));

export const PATCH = apiRoute({ params, body: z.unknown() }, async ({ tx, tenantId, apiKeyId, params, body }) =>
  updateContact(tx, { tenantId, id: params.id, input: body, actor: { kind: 'api_key', apiKeyId } }),
);
