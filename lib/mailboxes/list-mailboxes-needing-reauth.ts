// The tenant's home page tells the owner which mailboxes stopped because the OAuth grant was withdrawn.
import { eq } from 'drizzle-orm';
import type { TenantTx } from '@/db/tenancy';
import { mailboxes } from '@/db/schema';

/** The current tenant's mailboxes in `needs_reauth`, as id and address. */
export async function listMailboxesNeedingReauth(tx: TenantTx): Promise<{ id: string; email: string }[]> {
  return tx
    .select({ id: mailboxes.id, email: mailboxes.email })
    .from(mailboxes)
    .where(eq(mailboxes.state, 'needs_reauth'));
}
