// A mailbox added by the tenant's owner, the way the wizard's Save does it: lib/'s createMailbox inside the tenant,
// with the owner as the audit actor. The OAuth and API mailbox fixtures all start from it.
import { withTenant } from '@/db/tenancy';
import { createMailbox } from '@/lib/mailboxes/create-mailbox';
import type { TestTenant } from './tenant';

export function createMailboxAsOwner(tenant: TestTenant, input: Record<string, unknown>) {
  return withTenant(tenant.tenantId, (tx) =>
    createMailbox(tx, { tenantId: tenant.tenantId, actor: { kind: 'user', userId: tenant.ownerUserId }, input }),
  );
}
