// The cases of one contact, or of every contact of an organisation, most recently active first, with
// keyset pagination (the contact and organisation pages, the API's `cases` of a contact).
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { TenantTx } from '@/db/tenancy';
import { cases, contacts } from '@/db/schema';
import { toCaseView, type CaseView } from '@/lib/cases/queries/case-view';
import { beforeKey, decodeKeysetCursor, keysetPage, timestampKey } from '@/lib/cases/queries/keyset-cursor';
import { cursorParam, limitParam, parseQueryInput } from '@/lib/cases/queries/params';

export const contactCasesInput = z.object({ limit: limitParam, cursor: cursorParam });
export type ContactCasesInput = z.input<typeof contactCasesInput>;

const CURSOR = 'contact-cases';

export async function listContactCases(
  tx: TenantTx,
  of: { contactId: string } | { organizationId: string },
  input: ContactCasesInput = {},
): Promise<{ items: CaseView[]; nextCursor: string | null }> {
  const { limit, cursor } = parseQueryInput(contactCasesInput, input);
  const after = cursor ? decodeKeysetCursor(CURSOR, cursor, 2) : undefined;
  const whose =
    'contactId' in of
      ? eq(cases.contactId, of.contactId)
      : inArray(
          cases.contactId,
          tx.select({ id: contacts.id }).from(contacts).where(eq(contacts.organizationId, of.organizationId)),
        );
  const rows = await tx
    .select({ c: cases, keyActivity: timestampKey(cases.lastActivityAt) })
    .from(cases)
    .where(and(whose, beforeKey(cases.lastActivityAt, cases.id, after)))
    .orderBy(desc(cases.lastActivityAt), desc(cases.id))
    .limit(limit + 1);
  const { page, nextCursor } = keysetPage(rows, limit, CURSOR, (last) => [last.keyActivity, last.c.id]);
  return { items: page.map((r) => toCaseView(r.c)), nextCursor };
}
