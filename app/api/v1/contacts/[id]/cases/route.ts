// GET /api/v1/contacts/:id/cases – the contact's cases, most recently active first. Query: limit, cursor.
import { z } from 'zod';
import { apiRoute } from '@/lib/api/api-route';
import { getContact } from '@/lib/contacts/get-contact';
import { contactCasesInput, listContactCases } from '@/lib/contacts/list-contact-cases';

export const GET = apiRoute(
  { params: z.object({ id: z.string() }), query: contactCasesInput },
  async ({ tx, tenantId, params, query }) => {
    const contact = await getContact(tx, { tenantId, id: params.id });
    const { items, nextCursor } = await listContactCases(tx, { contactId: contact.id }, query);
    return { data: items, nextCursor };
  },
);
