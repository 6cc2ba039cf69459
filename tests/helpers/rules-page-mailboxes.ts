// Two mailbox rows for the rules page's e2e tests, with no mail server behind them (the simulator reads the
// message it is given): one that lets anyone open a case, and one that accepts existing contacts only and asks
// strangers to confirm (sender verification off, so a pasted message is not held as unverified).
import { mailboxes } from '@/db/schema';
import { withTenant } from '@/db/tenancy';
import type { TestTenant } from './tenant';

export type RulesPageMailbox = { id: string; email: string };

export async function addRulesPageMailboxes(
  tenant: TestTenant,
): Promise<{ anyone: RulesPageMailbox; contactsOnly: RulesPageMailbox }> {
  const row = (email: string) => ({
    tenantId: tenant.tenantId,
    email,
    username: email,
    protocol: 'imap' as const,
    host: 'imap.acme.test',
    port: 143,
    state: 'active' as const,
  });
  const [anyone, contactsOnly] = await withTenant(tenant.tenantId, (tx) =>
    tx
      .insert(mailboxes)
      .values([
        row(`support-${tenant.slug}@acme.test`),
        {
          ...row(`members-${tenant.slug}@acme.test`),
          senderFilter: 'contacts' as const,
          confirmUnknownSenders: true,
          senderVerification: 'off' as const,
        },
      ])
      .returning({ id: mailboxes.id, email: mailboxes.email }),
  );
  return { anyone, contactsOnly };
}
