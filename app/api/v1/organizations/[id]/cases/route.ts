// GET /api/v1/organizations/:id/cases – the cases of the organisation's contacts, most recently active first.
import { getOrganization } from '@/lib/contacts/organizations';
import { casesOfRoute } from '../../../contacts/cases-of-route';

export const GET = casesOfRoute(async (tx, id) => ({ organizationId: (await getOrganization(tx, { id })).id }));
