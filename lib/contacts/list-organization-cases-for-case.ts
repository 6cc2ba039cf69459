// The case page's side panel: the other cases of the requester's organisation (its other people's cases,
// the requester's own are listed beside it), most recent first. Null when the requester has none.
import { and, desc, eq, ne, sql } from 'drizzle-orm';
import type { TenantTx } from '@/db/tenancy';
import { cases, contacts, organizations } from '@/db/schema';
import type { CaseStatus } from '@/lib/cases/case-status';

export type OrganizationCases = {
  organization: { id: string; name: string };
  total: number;
  items: { number: number; subject: string; status: CaseStatus }[];
};

export async function listOrganizationCasesForCase(
  tx: TenantTx,
  params: { caseId: string; limit?: number },
): Promise<OrganizationCases | null> {
  const [org] = await tx
    .select({ id: organizations.id, name: organizations.name, contactId: contacts.id })
    .from(cases)
    .innerJoin(contacts, eq(contacts.id, cases.contactId))
    .innerJoin(organizations, eq(organizations.id, contacts.organizationId))
    .where(eq(cases.id, params.caseId));
  if (!org) return null;
  // Cases of the organisation's people other than this requester.
  const theirs = and(eq(contacts.organizationId, org.id), ne(contacts.id, org.contactId));
  const rows = await tx
    .select({ number: cases.number, subject: cases.subject, status: cases.status })
    .from(cases)
    .innerJoin(contacts, eq(contacts.id, cases.contactId))
    .where(theirs)
    .orderBy(desc(cases.lastActivityAt), desc(cases.id))
    .limit(params.limit ?? 10);
  const [{ n }] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(cases)
    .innerJoin(contacts, eq(contacts.id, cases.contactId))
    .where(theirs);
  return {
    organization: { id: org.id, name: org.name },
    total: Number(n),
    items: rows.map((r) => ({ ...r, number: Number(r.number) })),
  };
}
