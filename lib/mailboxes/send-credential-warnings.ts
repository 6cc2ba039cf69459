// Mails a tenant's owners and admins before a mailbox's credentials expire (credential-health.ts):
// once per credential, expiry and threshold (14, 3, 1 days, expired), whatever the number of runners
// or ticks. The threshold is claimed in the mailbox row and the mail sent in the same transaction, so
// a refused send is tried again on a later tick and two runners never both send.
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { mailboxes, memberships, tenants, users } from '@/db/schema';
import { withSystem, type SystemTx } from '@/db/tenancy';
import { sendSystemMail, type SystemMail } from '@/lib/mail/send/send-system-mail';
import { webhookLinkBase } from '@/lib/webhooks/webhook-link-base';
import {
  credentialLabel,
  credentialWarnings,
  crossedThreshold,
  describeExpiry,
  type CredentialWarning,
} from './credential-health';

/** Keys kept per mailbox: enough for every threshold of a few renewals. */
const KEPT_KEYS = 40;

export type CredentialWarningsResult = { mailed: number };

export async function sendCredentialWarnings(
  opts: { now?: Date; tenantIds?: string[]; db?: Db } = {},
): Promise<CredentialWarningsResult> {
  const now = opts.now ?? new Date();
  const rows = await withSystem(
    (tx) =>
      tx
        .select()
        .from(mailboxes)
        .where(
          and(
            eq(mailboxes.authMethod, 'oauth'),
            opts.tenantIds ? inArray(mailboxes.tenantId, opts.tenantIds) : undefined,
          ),
        ),
    opts.db,
  );
  let mailed = 0;
  for (const row of rows) {
    for (const w of credentialWarnings(row, now)) {
      const threshold = crossedThreshold(w.expiresAt, now);
      if (threshold === null) continue;
      const key = `${w.kind}:${w.expiresAt.toISOString()}:${threshold}`;
      if (row.credentialWarningsSent.includes(key)) continue;
      if (await claimAndSend(row, w, key, now, opts.db)) mailed++;
    }
  }
  return { mailed };
}

async function claimAndSend(
  row: typeof mailboxes.$inferSelect,
  w: CredentialWarning,
  key: string,
  now: Date,
  db: Db | undefined,
): Promise<boolean> {
  return withSystem(async (tx) => {
    // One statement claims the threshold: a second runner waits on the row lock, then finds the key.
    const claimed = await tx
      .update(mailboxes)
      .set({
        credentialWarningsSent: sql`(array_append(${mailboxes.credentialWarningsSent}, ${key}::text))[greatest(1, cardinality(${mailboxes.credentialWarningsSent}) + 2 - ${KEPT_KEYS}):]`,
      })
      .where(and(eq(mailboxes.id, row.id), sql`not (${key}::text = any(${mailboxes.credentialWarningsSent}))`))
      .returning({ id: mailboxes.id });
    if (!claimed.length) return false;
    const recipients = await managers(tx, row.tenantId);
    const [tenant] = await tx
      .select({ slug: tenants.slug, name: tenants.name })
      .from(tenants)
      .where(eq(tenants.id, row.tenantId));
    if (!tenant) return false;
    for (const to of recipients) await sendSystemMail(warningMail({ to, tenant, mailbox: row, warning: w, now }));
    return recipients.length > 0;
  }, db);
}

async function managers(tx: SystemTx, tenantId: string): Promise<string[]> {
  // The system role sees every tenant's memberships: the tenant condition is what keeps this to one workspace.
  const rows = await tx
    .select({ email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.tenantId, tenantId), inArray(memberships.role, ['owner', 'admin'])));
  return rows.map((r) => r.email);
}

export function warningMail(p: {
  to: string;
  tenant: { slug: string; name: string };
  mailbox: { id: string; email: string };
  warning: CredentialWarning;
  now: Date;
}): SystemMail {
  const workspace = p.tenant.name.replace(/[\r\n\t]+/g, ' ').slice(0, 200);
  const what = credentialLabel[p.warning.kind];
  const when = describeExpiry(p.warning, p.now);
  const expired = p.warning.expiresAt.getTime() <= p.now.getTime();
  return {
    to: p.to,
    subject: `${what} of ${p.mailbox.email} ${expired ? 'has expired' : when} (${workspace})`,
    text: [
      `${what} of the mailbox ${p.mailbox.email} in the workspace "${workspace}" ${when}.`,
      expired
        ? 'The mailbox cannot fetch or send mail until it is renewed.'
        : 'When it expires, the mailbox stops fetching and sending mail.',
      '',
      p.warning.advice,
      '',
      `${webhookLinkBase()}/t/${p.tenant.slug}/settings/mailboxes/${p.mailbox.id}`,
    ].join('\n'),
  };
}
