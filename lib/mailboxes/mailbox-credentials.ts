// Opens a mailbox's sealed secrets for a connection, and only for that: the result is never
// stored, logged or returned to a client.
import type { mailboxes } from '@/db/schema';
import { open } from '@/lib/crypto/seal';

type CredentialColumns = Pick<
  typeof mailboxes.$inferSelect,
  'tenantId' | 'username' | 'passwordSealed' | 'smtpHost' | 'smtpSameAsIncoming' | 'smtpUsername' | 'smtpPasswordSealed'
>;

export type PasswordCredentials = { user: string; password: string };

export type MailboxCredentials = {
  /** Null for an OAuth mailbox (its access token comes from the OAuth flow) or one without a stored password. */
  incoming: PasswordCredentials | null;
  /** Null when no SMTP server is set, or when it uses incoming credentials that are not a password. */
  smtp: PasswordCredentials | null;
};

export function openMailboxCredentials(mailbox: CredentialColumns): MailboxCredentials {
  const incoming = mailbox.passwordSealed
    ? {
        user: mailbox.username,
        password: open(mailbox.passwordSealed, { tenantId: mailbox.tenantId, purpose: 'mailbox.password' }),
      }
    : null;
  let smtp: PasswordCredentials | null = null;
  if (mailbox.smtpHost) {
    if (mailbox.smtpSameAsIncoming) smtp = incoming;
    else if (mailbox.smtpUsername && mailbox.smtpPasswordSealed) {
      smtp = {
        user: mailbox.smtpUsername,
        password: open(mailbox.smtpPasswordSealed, { tenantId: mailbox.tenantId, purpose: 'mailbox.smtp-password' }),
      };
    }
  }
  return { incoming, smtp };
}
