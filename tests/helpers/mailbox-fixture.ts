// A tenant + a Dovecot user + a mailbox row pointing at it, for sync tests.
import { eq } from 'drizzle-orm';
import { mailboxes } from '@/db/schema';
import { withTenant } from '@/db/tenancy';
import { seal } from '@/lib/crypto/seal';
import type { MailServerPorts } from './mail-server';
import { makeTenant, type TestTenant } from './tenant';

export type Protocol = 'imap' | 'imaps' | 'pop3' | 'pop3s';
export type Variant = { name: string; protocol: Protocol; starttls: 'required' | 'off' };

export const variants: Variant[] = [
  { name: 'IMAP (plain)', protocol: 'imap', starttls: 'off' },
  { name: 'IMAP + STARTTLS', protocol: 'imap', starttls: 'required' },
  { name: 'IMAPS', protocol: 'imaps', starttls: 'required' },
  { name: 'POP3 (plain)', protocol: 'pop3', starttls: 'off' },
  { name: 'POP3 + STLS', protocol: 'pop3', starttls: 'required' },
  { name: 'POP3S', protocol: 'pop3s', starttls: 'required' },
];

export type MailboxFixture = { tenant: TestTenant; mailboxId: string; user: string; password: string; address: string };

/** Any test server: Dovecot, Cyrus, Courier, or a scripted one. */
export type MailboxServer = {
  host: string;
  ports: MailServerPorts;
  addUser(name?: string, password?: string): Promise<{ user: string; password: string }>;
};

export async function makeMailbox(
  dovecot: MailboxServer,
  v: Pick<Variant, 'protocol' | 'starttls'>,
  extra: Partial<typeof mailboxes.$inferInsert> = {},
  tenant?: TestTenant,
  opts: { password?: string } = {},
): Promise<MailboxFixture> {
  tenant ??= await makeTenant('sync');
  const { user, password } = await dovecot.addUser(undefined, opts.password);
  const address = `${user}@support.test`;
  const [row] = await withTenant(tenant.tenantId, (tx) =>
    tx
      .insert(mailboxes)
      .values({
        tenantId: tenant.tenantId,
        email: address,
        username: user,
        passwordSealed: seal(password, { tenantId: tenant.tenantId, purpose: 'mailbox.password' }),
        protocol: v.protocol,
        starttls: v.starttls,
        host: dovecot.host,
        port: dovecot.ports[v.protocol],
        tlsVerify: false,
        ...extra,
      })
      .returning({ id: mailboxes.id }),
  );
  return { tenant, mailboxId: row.id, user, password, address };
}

export async function getMailboxRow(tenantId: string, id: string) {
  const [row] = await withTenant(tenantId, (tx) => tx.select().from(mailboxes).where(eq(mailboxes.id, id)));
  return row;
}
