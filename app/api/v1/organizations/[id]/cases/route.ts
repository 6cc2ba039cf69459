// GET /api/v1/organizations/:id/cases – the cases of the organisation's contacts, most recently active first.
import { z } from 'zod';
import { apiRoute } from '@/lib/api/api-route';
import { contactCasesInput, listContactCases } from '@/lib/contacts/list-contact-cases';
import { getOrganization } from '@/lib/contacts/organizations';

export const GET = apiRoute(
  { params: z.object({ id: z.string() }), query: contactCasesInput },
  async ({ tx, tenantId, params, query }) => {
    const org = await getOrganization(tx, { tenantId, id: params.id });
    const { items, nextCursor } = await listContactCases(tx, { organizationId: org.id }, query);
    return { data: items, nextCursor };
  },
);
