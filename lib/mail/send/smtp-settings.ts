// A mailbox's outbound (SMTP) server and credentials, opened only for the connection that uses them.
import type { mailboxes } from '@/db/schema';
import { openMailboxCredentials, type PasswordCredentials } from '@/lib/mailboxes/mailbox-credentials';

export type SmtpSettings = {
  host: string;
  port: number;
  security: 'none' | 'starttls' | 'tls';
  tlsVerify: boolean;
  /** Null: connect without authenticating (a relay that trusts the network). An access token means XOAUTH2. */
  auth: PasswordCredentials | { user: string; accessToken: string } | null;
  /** Name sent in EHLO: the mailbox's domain. */
  clientName: string;
};

export type SmtpSettingsResult =
  { ok: true; smtp: SmtpSettings } | { ok: false; reason: 'no-outbound-server' | 'oauth-not-supported' };

type MailboxColumns = Pick<
  typeof mailboxes.$inferSelect,
  | 'tenantId'
  | 'email'
  | 'authMethod'
  | 'username'
  | 'passwordSealed'
  | 'tlsVerify'
  | 'smtpHost'
  | 'smtpPort'
  | 'smtpSecurity'
  | 'smtpSameAsIncoming'
  | 'smtpUsername'
  | 'smtpPasswordSealed'
>;

/** `oauth.accessToken`: the OAuth mailbox's token (lib/mailboxes/oauth/smtp-access-token.ts) for XOAUTH2. */
export function mailboxSmtpSettings(mailbox: MailboxColumns, oauth: { accessToken?: string } = {}): SmtpSettingsResult {
  if (!mailbox.smtpHost || !mailbox.smtpPort || !mailbox.smtpSecurity)
    return { ok: false, reason: 'no-outbound-server' };
  // "Same as incoming" on an OAuth mailbox means XOAUTH2 with its access token; without one (grant gone) no send.
  const viaOAuth = mailbox.smtpSameAsIncoming && mailbox.authMethod === 'oauth';
  if (viaOAuth && !oauth.accessToken) return { ok: false, reason: 'oauth-not-supported' };
  const { smtp } = viaOAuth
    ? { smtp: { user: mailbox.username, accessToken: oauth.accessToken! } }
    : openMailboxCredentials(mailbox);
  return {
    ok: true,
    smtp: {
      host: mailbox.smtpHost,
      port: mailbox.smtpPort,
      security: mailbox.smtpSecurity,
      // There is one verification setting per mailbox; it covers both servers.
      tlsVerify: mailbox.tlsVerify,
      auth: smtp,
      clientName: mailbox.email.slice(mailbox.email.lastIndexOf('@') + 1) || 'localhost',
    },
  };
}
