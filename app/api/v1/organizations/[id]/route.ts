// GET /api/v1/organizations/:id – one organisation (domains, contact count).
// PATCH /api/v1/organizations/:id – change its name and/or domains ({ name?, domains? }: the list replaces).
import { z } from 'zod';
import { apiRoute } from '@/lib/api/api-route';
import { getOrganization, updateOrganization } from '@/lib/contacts/organizations';

const params = z.object({ id: z.string() });

export const GET = apiRoute({ params }, async ({ tx, params }) => getOrganization(tx, { id: params.id }));

export const PATCH = apiRoute({ params, body: z.unknown() }, async ({ tx, tenantId, apiKeyId, params, body }) =>
  updateOrganization(tx, { tenantId, id: params.id, input: body, actor: { kind: 'api_key', apiKeyId } }),
);
