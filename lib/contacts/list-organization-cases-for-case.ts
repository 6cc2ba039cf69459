// The case page's side panel: the other cases of the requester's organisation (its other people's cases,
// the requester's own are listed beside it), most recent first. Null when the requester has none.
// One query: the requester's organisation, a page of its other people's cases and their count
// (`count(*) over ()`, taken before the limit); a left join keeps the organisation when no one else wrote.
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
  const requester = tx
    .select({
      organizationId: sql<string>`${organizations.id}`.as('requester_organization_id'),
      name: organizations.name,
      contactId: sql<string>`${contacts.id}`.as('requester_contact_id'),
    })
    .from(cases)
    .innerJoin(contacts, eq(contacts.id, cases.contactId))
    .innerJoin(organizations, eq(organizations.id, contacts.organizationId))
    .where(eq(cases.id, params.caseId))
    .as('requester');
  const orgCases = tx
    .select({
      id: cases.id,
      number: cases.number,
      subject: cases.subject,
      status: cases.status,
      lastActivityAt: cases.lastActivityAt,
      contactId: cases.contactId,
      organizationId: contacts.organizationId,
    })
    .from(cases)
    .innerJoin(contacts, eq(contacts.id, cases.contactId))
    .as('org_cases');
  const rows = await tx
    .select({
      organizationId: requester.organizationId,
      name: requester.name,
      number: orgCases.number,
      subject: orgCases.subject,
      status: orgCases.status,
      total: sql<number>`count(${orgCases.id}) over ()`.mapWith(Number),
    })
    .from(requester)
    // Cases of the organisation's people other than this requester.
    .leftJoin(
      orgCases,
      and(eq(orgCases.organizationId, requester.organizationId), ne(orgCases.contactId, requester.contactId)),
    )
    .orderBy(desc(orgCases.lastActivityAt), desc(orgCases.id))
    .limit(params.limit ?? 10);
  const [first] = rows;
  if (!first) return null;
  return {
    organization: { id: first.organizationId, name: first.name },
    total: first.total,
    items: rows.flatMap((r) =>
      r.number === null || r.subject === null || r.status === null
        ? []
        : [{ number: Number(r.number), subject: r.subject, status: r.status }],
    ),
  };
}
