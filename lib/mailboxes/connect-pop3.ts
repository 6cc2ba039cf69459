// A connected, authenticated POP3 client for a mailbox, through the outbound guard: the one way the connection test
// and the sync open POP3, so both report the same problem the same way.
import type { mailboxes } from '@/db/schema';
import { Pop3Client } from '@/lib/mail/pop3/client';
import { resolveOutbound } from '@/lib/net/outbound-guard';
import type { ImapSecret } from './connect-imap';
import { MailboxConnectionError, toMailboxConnectionError } from './connection-error';
import { answersWithTls } from './probe-implicit-tls';

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
  const target = await resolveOutbound(mailbox.host, { allow: opts.allowPrivateHosts }).catch((err: unknown) => {
    throw toMailboxConnectionError(err);
  });
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
    const mapped = toMailboxConnectionError(err);
    if (
      mapped.reason === 'timeout' &&
      security !== 'tls' &&
      (await answersWithTls(target.address, mailbox.port, Math.min(opts.timeoutMs ?? 30_000, 3000)))
    )
      throw new MailboxConnectionError('tls', 'tls-port');
    throw mapped;
  }
}
