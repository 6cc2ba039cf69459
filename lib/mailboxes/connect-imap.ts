// A connected, authenticated imapflow client for a mailbox, through the outbound guard.
// The connection goes to the address the guard checked (never to the name again), while the
// TLS certificate is checked against the host name the owner entered.
import { isIP } from 'node:net';
import tls from 'node:tls';
import { ImapFlow } from 'imapflow';
import type { mailboxes } from '@/db/schema';
import { commandErrorLogger } from '@/lib/mail/sources/imap-command-errors';
import { parseNumericIpv4 } from '@/lib/net/is-private-address';
import { resolveMailHost } from './connection-error';
import { connectionFailure } from './probe-implicit-tls';

export type ImapConnectionSettings = Pick<
  typeof mailboxes.$inferSelect,
  'protocol' | 'host' | 'port' | 'starttls' | 'tlsVerify' | 'username'
>;
export type ImapSecret = { password: string } | { accessToken: string };

export type ConnectImapOptions = {
  /** An extra trusted CA certificate in PEM (e.g. the test Dovecot's), on top of the system ones. */
  ca?: string | Buffer;
  /** Budget for connecting, TLS and the greeting. Default 30 s. */
  timeoutMs?: number;
  /** Inactivity limit once connected. Default 5 min. */
  socketTimeoutMs?: number;
  /** Overrides env.ALLOW_PRIVATE_HOSTS (tests). */
  allowPrivateHosts?: string;
};

/** Throws MailboxConnectionError (an AppError with details.code: dns, refused, timeout, tls, auth, private-address, protocol). */
export async function connectImap(
  mailbox: ImapConnectionSettings,
  secret: ImapSecret,
  opts: ConnectImapOptions = {},
): Promise<ImapFlow> {
  const target = await resolveMailHost(mailbox.host, opts.allowPrivateHosts);
  const secure = mailbox.protocol === 'imaps';
  const timeout = opts.timeoutMs ?? 30_000;
  const commandErrors = commandErrorLogger();
  const client = new ImapFlow({
    host: target.address,
    port: mailbox.port,
    secure,
    // true: fail rather than send the password in the clear when STARTTLS is missing or stripped.
    doSTARTTLS: secure ? undefined : mailbox.starttls === 'required',
    // An address (in any spelling) is no name for SNI: the certificate is then checked against the address.
    servername: isIP(target.host) || parseNumericIpv4(target.host) ? undefined : target.host,
    auth:
      'password' in secret
        ? { user: mailbox.username, pass: secret.password }
        : { user: mailbox.username, accessToken: secret.accessToken },
    tls: {
      rejectUnauthorized: mailbox.tlsVerify,
      ...(opts.ca ? { ca: [...tls.rootCertificates, opts.ca.toString()] } : {}),
    },
    // imapflow's own logger writes protocol traffic, credentials included at debug level: ours prints nothing and
    // keeps only the last refused command, so a refusal can be told in our words.
    logger: commandErrors.logger,
    emitLogs: false,
    disableAutoIdle: true,
    clientInfo: { name: 'Caseflow' },
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: opts.socketTimeoutMs ?? 5 * 60_000,
  });
  // An 'error' event without a listener would crash the process; failures also reject the
  // pending command, which is where callers see them.
  client.on('error', () => {});
  commandErrors.bind(client);
  try {
    await client.connect();
    return client;
  } catch (err) {
    client.close();
    throw await connectionFailure(err, {
      tlsFromStart: secure,
      address: target.address,
      port: mailbox.port,
      timeoutMs: timeout,
    });
  }
}
