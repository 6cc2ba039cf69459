// A requester's other cases (the case page's side panel), most recent first.
import { and, desc, eq, ne, sql } from 'drizzle-orm';
import type { TenantTx } from '@/db/tenancy';
import { cases } from '@/db/schema';

export async function listRequesterCases(
  tx: TenantTx,
  params: { email: string; exceptCaseId: string; limit?: number },
) {
  const rows = await tx
    .select({
      number: cases.number,
      subject: cases.subject,
      status: cases.status,
      lastActivityAt: cases.lastActivityAt,
    })
    .from(cases)
    .where(and(eq(cases.requesterEmail, params.email), ne(cases.id, params.exceptCaseId)))
    .orderBy(desc(cases.lastActivityAt), desc(cases.id))
    .limit(params.limit ?? 10);
  const [{ n }] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(cases)
    .where(eq(cases.requesterEmail, params.email));
  return { total: Number(n), items: rows.map((r) => ({ ...r, number: Number(r.number) })) };
}
