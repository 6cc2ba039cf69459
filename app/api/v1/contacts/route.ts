// GET /api/v1/contacts – the tenant's contacts, newest first. Query: q (part of an address or name),
// organizationId, limit (1–200, default 50), cursor.
import { apiRoute } from '@/lib/api/api-route';
import { listContacts, listContactsInput } from '@/lib/contacts/list-contacts';

export const GET = apiRoute({ query: listContactsInput }, async ({ tx, query }) => {
  const { items, nextCursor } = await listContacts(tx, query);
  return { data: items, nextCursor };
});
