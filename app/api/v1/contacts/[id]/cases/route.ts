// GET /api/v1/contacts/:id/cases – the contact's cases, most recently active first. Query: limit, cursor.
import { getContact } from '@/lib/contacts/get-contact';
import { casesOfRoute } from '../../cases-of-route';

export const GET = casesOfRoute(async (tx, id) => ({ contactId: (await getContact(tx, { id })).id }));
