// GET /api/v1/contacts/:id/cases and GET /api/v1/organizations/:id/cases: look up whose cases (404 for a
// missing id or another tenant's; a merged contact's id answers for the contact it joined), then one page of
// their cases, most recently active first, in the list envelope ({ data, nextCursor }). Query: limit, cursor.
import { z } from 'zod';
import type { TenantTx } from '@/db/tenancy';
import { apiRoute } from '@/lib/api/api-route';
import { contactCasesInput, listContactCases } from '@/lib/contacts/list-contact-cases';

type CasesOf = Parameters<typeof listContactCases>[1];

export function casesOfRoute(whose: (tx: TenantTx, id: string) => Promise<CasesOf>) {
  return apiRoute({ params: z.object({ id: z.string() }), query: contactCasesInput }, async ({ tx, params, query }) => {
    const { items, nextCursor } = await listContactCases(tx, await whose(tx, params.id), query);
    return { data: items, nextCursor };
  });
}
