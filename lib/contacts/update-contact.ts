// Edits a contact: its name and its organisation (null: none). The address is its identity and is not
// edited; two addresses of one person are merged instead (merge-contacts.ts).
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { TenantTx } from '@/db/tenancy';
import { contacts, organizations } from '@/db/schema';
import { recordAudit, type AuditActor } from '@/lib/audit/record-audit';
import { AppError } from '@/lib/errors';
import { getContact, type ContactDetail } from './get-contact';

export const updateContactInput = z
  .object({
    name: z
      .string()
      .trim()
      .max(200, 'A name is at most 200 characters.')
      .nullable()
      .transform((v) => v || null),
    organizationId: z.uuid('Choose an organisation by its id.').nullable(),
  })
  .partial()
  .strict();

export async function updateContact(
  tx: TenantTx,
  p: { tenantId: string; id: string; input: unknown; actor: AuditActor },
): Promise<ContactDetail> {
  const current = await getContact(tx, p);
  const patch = updateContactInput.parse(p.input ?? {});
  if (patch.organizationId) {
    const [org] = await tx
      .select({ id: organizations.id })
      .from(organizations)
      .where(eq(organizations.id, patch.organizationId));
    if (!org) throw new AppError('validation', 'There is no such organisation.', { field: 'organizationId' });
  }
  if (Object.keys(patch).length === 0) return current;
  await tx.update(contacts).set(patch).where(eq(contacts.id, current.id));
  await recordAudit(tx, {
    by: p,
    action: 'contact.updated',
    target: { type: 'contact', id: current.id },
    details: { before: { name: current.name, organizationId: current.organizationId }, after: patch },
  });
  return getContact(tx, { id: current.id });
}
