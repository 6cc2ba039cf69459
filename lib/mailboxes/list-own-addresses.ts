// The tenant's own addresses, for loop detection: every mailbox's address and, for a forwarding
// mailbox, its forwarding address too (mail "from" it is one of ours bouncing back through a forward).
import type { TenantTx } from '@/db/tenancy';
import { mailboxes } from '@/db/schema';
import { forwardingAddressOf } from './forwarding-address';

/** Lower-case, without duplicates; RLS limits it to the current tenant. */
export async function listOwnAddresses(tx: TenantTx): Promise<string[]> {
  const rows = await tx
    .select({ email: mailboxes.email, protocol: mailboxes.protocol, inboundToken: mailboxes.inboundToken })
    .from(mailboxes);
  const own = new Set<string>();
  for (const row of rows) {
    own.add(row.email.toLowerCase());
    const forwarding = forwardingAddressOf(row);
    if (forwarding) own.add(forwarding.toLowerCase());
  }
  return [...own];
}
