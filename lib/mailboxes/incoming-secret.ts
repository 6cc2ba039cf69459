// The secret a mailbox logs in with: its password, or (OAuth) a fresh access token.
// Every connection (sync, IDLE, connection test) gets it here, so OAuth refresh lives in one place.
import { MailboxConnectionError } from './connection-error';
import type { ImapSecret } from './connect-imap';
import type { MailboxRow } from './get-mailbox';
import { openMailboxCredentials } from './mailbox-credentials';

/** `rejected`: an access token the server just refused (OAuth): get a new one even if it has time left. */
export async function incomingSecret(mailbox: MailboxRow, opts: { rejected?: ImapSecret } = {}): Promise<ImapSecret> {
  if (mailbox.authMethod === 'oauth') {
    const { getMailboxAccessToken } = await import('./oauth/get-access-token');
    const rejected = opts.rejected && 'accessToken' in opts.rejected ? opts.rejected.accessToken : undefined;
    return { accessToken: await getMailboxAccessToken(mailbox.id, mailbox.tenantId, { rejected }) };
  }
  const { incoming } = openMailboxCredentials(mailbox);
  if (!incoming) throw new MailboxConnectionError('auth');
  return { password: incoming.password };
}
