// One contact with everything its page shows: its addresses (its own and those of contacts merged into
// it), its organisation and how many cases it has. A merged contact's id finds the contact it joined.
import { eq, sql } from 'drizzle-orm';
import type { TenantTx } from '@/db/tenancy';
import { cases, contacts, organizations } from '@/db/schema';
import { AppError } from '@/lib/errors';
import { isUuid } from '@/lib/is-uuid';
import { toContactView, type ContactView } from './contact-view';

export type ContactDetail = ContactView & {
  /** Every address that finds this contact: its own first, then those merged into it. */
  addresses: string[];
  organization: { id: string; name: string } | null;
  caseCount: number;
};

export async function getContact(tx: TenantTx, p: { id: string }): Promise<ContactDetail> {
  const notFound = () => new AppError('not_found', 'There is no such contact.');
  if (!isUuid(p.id)) throw notFound();
  let [row] = await tx.select().from(contacts).where(eq(contacts.id, p.id));
  if (row?.mergedIntoId) [row] = await tx.select().from(contacts).where(eq(contacts.id, row.mergedIntoId));
  if (!row) throw notFound();
  const merged = await tx
    .select({ email: contacts.email })
    .from(contacts)
    .where(eq(contacts.mergedIntoId, row.id))
    .orderBy(contacts.email);
  const [org] = row.organizationId
    ? await tx
        .select({ id: organizations.id, name: organizations.name })
        .from(organizations)
        .where(eq(organizations.id, row.organizationId))
    : [];
  const [{ n }] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(cases)
    .where(eq(cases.contactId, row.id));
  return {
    ...toContactView(row),
    addresses: [row.email, ...merged.map((m) => m.email)],
    organization: org ?? null,
    caseCount: Number(n),
  };
}

/** The contact of an address (its own, or one merged into it), or null. */
export async function findContactByAddress(tx: TenantTx, p: { email: string }): Promise<ContactDetail | null> {
  const [row] = await tx
    .select({ id: contacts.id })
    .from(contacts)
    .where(eq(contacts.email, p.email.trim().toLowerCase()));
  return row ? getContact(tx, { id: row.id }) : null;
}
