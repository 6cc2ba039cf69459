// Connects to a mailbox's server (through the outbound guard) and returns its MailSource.
import { Pop3Client } from '@/lib/mail/pop3/client';
import { openImapSource } from '@/lib/mail/sources/imap-source';
import { openPop3Source } from '@/lib/mail/sources/pop3-source';
import type { MailSource } from '@/lib/mail/sources/types';
import { resolveOutbound } from '@/lib/net/outbound-guard';
import { connectImap, type ImapSecret } from './connect-imap';
import { toMailboxConnectionError } from './connection-error';
import { incomingSecret } from './incoming-secret';
import type { MailboxRow } from './lease';

export type SourceOptions = { ca?: string | Buffer; timeoutMs?: number };

export async function openMailboxSource(mailbox: MailboxRow, opts: SourceOptions = {}): Promise<MailSource> {
  const secret = await incomingSecret(mailbox);
  try {
    return await openWithSecret(mailbox, secret, opts);
  } catch (err) {
    // An OAuth access token can die before its expiry (consent revoked, password changed): one
    // forced refresh tells a dead grant (→ needs_reauth) from a merely stale token.
    if (mailbox.authMethod !== 'oauth' || toMailboxConnectionError(err).reason !== 'auth') throw err;
    return openWithSecret(mailbox, await incomingSecret(mailbox, { rejected: secret }), opts);
  }
}

async function openWithSecret(mailbox: MailboxRow, secret: ImapSecret, opts: SourceOptions): Promise<MailSource> {
  if (mailbox.protocol === 'imap' || mailbox.protocol === 'imaps') {
    const client = await connectImap(mailbox, secret, opts);
    try {
      return await openImapSource(client, mailbox.folder);
    } catch (err) {
      client.close();
      throw err;
    }
  }
  const target = await resolveOutbound(mailbox.host).catch((err: unknown) => {
    throw toMailboxConnectionError(err);
  });
  const client = await Pop3Client.connect({
    host: mailbox.host,
    address: target.address,
    port: mailbox.port,
    security: mailbox.protocol === 'pop3s' ? 'tls' : mailbox.starttls === 'off' ? 'none' : 'starttls',
    tlsVerify: mailbox.tlsVerify,
    ca: opts.ca,
    auth:
      'password' in secret
        ? { user: mailbox.username, password: secret.password }
        : { user: mailbox.username, accessToken: secret.accessToken },
    timeoutMs: opts.timeoutMs,
  });
  try {
    return await openPop3Source(client);
  } catch (err) {
    client.destroy();
    throw err;
  }
}
