// The one mailbox factory of the tests: a mailbox row (makeMailboxRow: no server behind it, for tests about what
// happens after ingestion), or a tenant + a user on a test mail server + a mailbox row pointing at it
// (makeMailbox, for sync tests).
import { randomBytes } from 'node:crypto';
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
  const row = await makeMailboxRow(tenant.tenantId, {
    email: address,
    username: user,
    passwordSealed: seal(password, { tenantId: tenant.tenantId, purpose: 'mailbox.password' }),
    protocol: v.protocol,
    starttls: v.starttls,
    host: dovecot.host,
    port: dovecot.ports[v.protocol],
    tlsVerify: false,
    state: 'draft',
    ...extra,
  });
  return { tenant, mailboxId: row.id, user, password, address };
}

export type TestMailbox = { id: string; email: string; createCases: boolean };

/** A mailbox row, active unless `extra` says otherwise (no server behind it unless `extra` points at one). */
export async function makeMailboxRow(
  tenantId: string,
  extra: Partial<typeof mailboxes.$inferInsert> = {},
): Promise<TestMailbox> {
  const email = extra.email ?? `support-${randomBytes(4).toString('hex')}@acme.test`;
  const [row] = await withTenant(tenantId, (tx) =>
    tx
      .insert(mailboxes)
      .values({
        tenantId,
        username: email,
        protocol: 'imap',
        host: 'imap.acme.test',
        port: 143,
        state: 'active',
        ...extra,
        email,
      })
      .returning({ id: mailboxes.id, email: mailboxes.email, createCases: mailboxes.createCases }),
  );
  return row;
}

export async function getMailboxRow(tenantId: string, id: string) {
  const [row] = await withTenant(tenantId, (tx) => tx.select().from(mailboxes).where(eq(mailboxes.id, id)));
  return row;
}
