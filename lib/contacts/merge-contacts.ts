// Merges one contact into another (the same person writing from two addresses): every case of the
// merged contact moves to the kept one, and so do contacts merged into it before; the merged row stays
// as an address of the kept contact (new mail from it joins the kept contact). The kept contact takes
// the merged one's name or organisation only where it has none. No case is lost or changed otherwise.
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { TenantTx } from '@/db/tenancy';
import { cases, contacts } from '@/db/schema';
import { recordAudit, type AuditActor } from '@/lib/audit/record-audit';
import { AppError } from '@/lib/errors';
import { getContact, type ContactDetail } from './get-contact';

export const mergeContactsInput = z.object({ mergeId: z.uuid('Give the id of the contact to merge into this one.') });

export async function mergeContacts(
  tx: TenantTx,
  p: { tenantId: string; keepId: string; mergeId: string; actor: AuditActor },
): Promise<ContactDetail & { movedCases: number }> {
  const keep = await getContact(tx, { id: p.keepId });
  const merge = await getContact(tx, { id: p.mergeId });
  if (keep.id === merge.id) throw new AppError('validation', 'A contact cannot be merged into itself.');
  // Both rows locked in id order, so two merges of the same pair cannot cross.
  for (const id of [keep.id, merge.id].sort()) {
    await tx.select({ id: contacts.id }).from(contacts).where(eq(contacts.id, id)).for('update');
  }
  const moved = await tx
    .update(cases)
    .set({ contactId: keep.id })
    .where(eq(cases.contactId, merge.id))
    .returning({ id: cases.id });
  await tx.update(contacts).set({ mergedIntoId: keep.id }).where(eq(contacts.mergedIntoId, merge.id));
  await tx.update(contacts).set({ mergedIntoId: keep.id }).where(eq(contacts.id, merge.id));
  await tx
    .update(contacts)
    .set({ name: keep.name ?? merge.name, organizationId: keep.organizationId ?? merge.organizationId })
    .where(eq(contacts.id, keep.id));
  await recordAudit(tx, {
    by: p,
    action: 'contact.merged',
    target: { type: 'contact', id: keep.id },
    details: { merged: merge.id, mergedEmail: merge.email, movedCases: moved.length },
  });
  return { ...(await getContact(tx, { id: keep.id })), movedCases: moved.length };
}
