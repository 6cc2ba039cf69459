// GET /api/v1/organizations – the tenant's organisations with their domains, by name.
// POST /api/v1/organizations – create one ({ name, domains? }); contacts of its domains without an
// organisation join it. 409 when the name or a domain is taken.
import { z } from 'zod';
import { apiRoute } from '@/lib/api/api-route';
import { createOrganization, listOrganizations } from '@/lib/contacts/organizations';

export const GET = apiRoute({}, async ({ tx }) => ({ data: await listOrganizations(tx) }));

export const POST = apiRoute({ body: z.unknown(), status: 201 }, async ({ tx, tenantId, apiKeyId, body }) =>
  createOrganization(tx, { tenantId, input: body, actor: { kind: 'api_key', apiKeyId } }),
);
