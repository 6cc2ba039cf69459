// SMTP with XOAUTH2: an OAuth mailbox whose outgoing server uses "the same sign-in" sends
// with the mailbox's access token, refreshed like every incoming connection's. The SMTP settings
// take it as `mailboxSmtpSettings(mailbox, await smtpAccessToken(mailbox))`.
import type { mailboxes } from '@/db/schema';
import { getMailboxAccessToken } from './get-access-token';
import { isOAuthError } from './oauth-error';

type Columns = Pick<
  typeof mailboxes.$inferSelect,
  'id' | 'tenantId' | 'authMethod' | 'smtpHost' | 'smtpSameAsIncoming'
>;

/** `{}` when SMTP does not use OAuth, or when the grant is gone (the settings then say the send cannot happen). */
export async function smtpAccessToken(mailbox: Columns): Promise<{ accessToken?: string }> {
  if (mailbox.authMethod !== 'oauth' || !mailbox.smtpHost || !mailbox.smtpSameAsIncoming) return {};
  try {
    return { accessToken: await getMailboxAccessToken(mailbox.id, mailbox.tenantId) };
  } catch (err) {
    if (isOAuthError(err)) return {};
    throw err;
  }
}
