// The contact a case's requester is linked to (the case page links to their contact page), or null.
import { eq } from 'drizzle-orm';
import type { TenantTx } from '@/db/tenancy';
import { cases } from '@/db/schema';

export async function caseContactId(tx: TenantTx, caseId: string): Promise<string | null> {
  const [row] = await tx.select({ contactId: cases.contactId }).from(cases).where(eq(cases.id, caseId));
  return row?.contactId ?? null;
}
