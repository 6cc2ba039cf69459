// The current tenant's mailboxes (RLS shows only its own), for the settings list, the filters and the API.
import { asc } from 'drizzle-orm';
import type { TenantTx } from '@/db/tenancy';
import { mailboxes } from '@/db/schema';
import type { MailboxRow } from './get-mailbox';

/** The current tenant's mailboxes, oldest first. */
export async function listMailboxes(tx: TenantTx): Promise<MailboxRow[]> {
  return tx.select().from(mailboxes).orderBy(asc(mailboxes.createdAt), asc(mailboxes.email));
}
