// A tenant's contacts, newest first, with keyset pagination and a search over address and name.
// Contacts merged into another are left out (their address lives on under the contact they joined).
import { and, desc, ilike, isNull, or, sql, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { TenantTx } from '@/db/tenancy';
import { contacts } from '@/db/schema';
import { beforeKey, decodeKeysetCursor, keysetPage, timestampKey } from '@/lib/cases/queries/keyset-cursor';
import { cursorParam, limitParam, parseQueryInput } from '@/lib/cases/queries/params';
import { toContactView, type ContactView } from './contact-view';

export const listContactsInput = z.object({
  /** Part of an address or a name. */
  q: z.string().trim().max(200).optional(),
  organizationId: z.uuid().optional(),
  limit: limitParam,
  cursor: cursorParam,
});
export type ListContactsInput = z.input<typeof listContactsInput>;

const CURSOR = 'contacts';

export async function listContacts(
  tx: TenantTx,
  input: ListContactsInput = {},
): Promise<{ items: ContactView[]; nextCursor: string | null }> {
  const { q, organizationId, limit, cursor } = parseQueryInput(listContactsInput, input);
  const after = cursor ? decodeKeysetCursor(CURSOR, cursor, 2) : undefined;
  const pattern = q ? `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : undefined;
  const rows = await tx
    .select({ c: contacts, keyCreated: timestampKey(contacts.createdAt) })
    .from(contacts)
    .where(
      and(
        isNull(contacts.mergedIntoId),
        pattern ? or(ilike(contacts.email, pattern), ilike(contacts.name, pattern)) : undefined,
        organizationId ? eq(contacts.organizationId, organizationId) : undefined,
        beforeKey(contacts.createdAt, contacts.id, after),
      ),
    )
    .orderBy(desc(contacts.createdAt), desc(contacts.id))
    .limit(limit + 1);
  const { page, nextCursor } = keysetPage(rows, limit, CURSOR, (last) => [last.keyCreated, last.c.id]);
  return { items: page.map((r) => toContactView(r.c)), nextCursor };
}
