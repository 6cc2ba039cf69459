// Connects to a mailbox's server (through the outbound guard) and returns its MailSource.
import { AppError } from '@/lib/errors';
import { openImapSource } from '@/lib/mail/sources/imap-source';
import { openPop3Source } from '@/lib/mail/sources/pop3-source';
import type { MailSource } from '@/lib/mail/sources/types';
import { connectImap, type ImapSecret } from './connect-imap';
import { connectPop3 } from './connect-pop3';
import { toMailboxConnectionError } from './connection-error';
import { incomingSecret } from './incoming-secret';
import type { MailboxRow } from './lease';
import { isApiProtocol, openApiSource } from './open-api-source';

export type SourceOptions = { ca?: string | Buffer; timeoutMs?: number };

export async function openMailboxSource(mailbox: MailboxRow, opts: SourceOptions = {}): Promise<MailSource> {
  if (mailbox.protocol === 'forward') {
    throw new AppError(
      'bad_request',
      'This mailbox receives mail at its forwarding address; there is no server to fetch from.',
      {
        code: 'forwarding-address',
      },
    );
  }
  // The mail APIs get (and on a 401 renew) their token per request.
  if (isApiProtocol(mailbox.protocol)) return openApiSource(mailbox, opts);
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
      return await openImapSource(client, mailbox.folder, {
        moveTo: mailbox.afterProcessing === 'move' ? mailbox.moveToFolder : null,
      });
    } catch (err) {
      client.close();
      throw err;
    }
  }
  const client = await connectPop3(mailbox, secret, opts);
  try {
    return await openPop3Source(client);
  } catch (err) {
    client.destroy();
    throw err;
  }
}
