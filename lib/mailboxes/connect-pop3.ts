// A connected, authenticated POP3 client for a mailbox, through the outbound guard: the one way the connection test
// and the sync open POP3, so both report the same problem the same way.
import type { mailboxes } from '@/db/schema';
import { Pop3Client } from '@/lib/mail/pop3/client';
import type { ImapSecret } from './connect-imap';
import { resolveMailHost } from './connection-error';
import { connectionFailure } from './probe-implicit-tls';

export type Pop3ConnectionSettings = Pick<
  typeof mailboxes.$inferSelect,
  'protocol' | 'host' | 'port' | 'starttls' | 'tlsVerify' | 'username'
>;

export type ConnectPop3Options = {
  ca?: string | Buffer;
  timeoutMs?: number;
  allowPrivateHosts?: string;
};

/** Throws MailboxConnectionError. */
export async function connectPop3(
  mailbox: Pop3ConnectionSettings,
  secret: ImapSecret,
  opts: ConnectPop3Options = {},
): Promise<Pop3Client> {
  const target = await resolveMailHost(mailbox.host, opts.allowPrivateHosts);
  const security = mailbox.protocol === 'pop3s' ? 'tls' : mailbox.starttls === 'off' ? 'none' : 'starttls';
  try {
    return await Pop3Client.connect({
      host: target.host,
      address: target.address,
      port: mailbox.port,
      security,
      tlsVerify: mailbox.tlsVerify,
      ca: opts.ca,
      auth:
        'password' in secret
          ? { user: mailbox.username, password: secret.password }
          : { user: mailbox.username, accessToken: secret.accessToken },
      timeoutMs: opts.timeoutMs,
    });
  } catch (err) {
    throw await connectionFailure(err, {
      tlsFromStart: security === 'tls',
      address: target.address,
      port: mailbox.port,
      timeoutMs: opts.timeoutMs ?? 30_000,
    });
  }
}
