// The forwarding-address listener (inbound SMTP, RFC 5321). It is a final destination, never a relay:
// a recipient is accepted only when it is `<token>@INBOUND_DOMAIN` of an active forwarding mailbox.
//
//   RCPT to another domain          → 550 5.7.1 (relaying denied)
//   RCPT to an unknown token        → 550 5.1.1
//   mailbox paused                  → 450 4.2.1 (the sending server keeps the mail and retries)
//   tenant over its rate            → 451 4.7.1
//   database unreachable            → 451 4.3.0 (at RCPT or at the end of DATA)
//   over SMTP_INBOUND_MAX_BYTES or the mailbox's own limit → 552 5.3.4 (SIZE is announced)
//   DATA stored for every recipient → 250, sent only after raw bytes + outcome committed
//
// One reply covers all recipients of a message: if any store fails, the answer is 451 and the sender
// retries all of them; those already stored dedupe on their bytes' SHA-256.
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { deliverForwardedMessage, findForwardingMailbox } from '@/lib/mailboxes/deliver-forwarded-message';
import { inboundTokenOf } from '@/lib/mailboxes/forwarding-address';
import type { MailboxRow } from '@/lib/mailboxes/lease';
import { errorMessage } from '@/lib/errors';
import { TenantRateLimiter } from './tenant-rate-limiter';

export type InboundSmtpOptions = {
  port: number;
  host?: string;
  domain: string;
  maxBytes: number;
  ratePerMinute: number;
  /** PEM key and certificate for STARTTLS; without them STARTTLS is not offered. */
  tls?: { key: Buffer | string; cert: Buffer | string };
  log?: (message: string) => void;
};

export type InboundSmtpServer = { port: number; close(): Promise<void> };

const MAX_RECIPIENTS = 100;

function smtpError(code: number, text: string): Error & { responseCode: number } {
  return Object.assign(new Error(text), { responseCode: code });
}

export async function startInboundSmtpServer(opts: InboundSmtpOptions): Promise<InboundSmtpServer> {
  const log = opts.log ?? ((m: string) => process.stderr.write(`[caseflow smtp] ${m}\n`));
  const limiter = new TenantRateLimiter(opts.ratePerMinute);
  // The mailboxes accepted at RCPT for the message in progress on a session.
  const accepted = new WeakMap<SMTPServerSession, Map<string, MailboxRow>>();

  const server = new SMTPServer({
    name: opts.domain,
    banner: 'Caseflow inbound mail',
    size: opts.maxBytes,
    authOptional: true,
    disabledCommands: opts.tls ? ['AUTH'] : ['AUTH', 'STARTTLS'],
    hideSTARTTLS: !opts.tls,
    ...(opts.tls ? { key: opts.tls.key, cert: opts.tls.cert } : {}),
    logger: false,
    onMailFrom(_address, session, callback) {
      accepted.set(session, new Map());
      callback();
    },
    onRcptTo(address, session, callback) {
      const token = inboundTokenOf(address.address, opts.domain);
      if (!token) return callback(smtpError(550, '5.7.1 Relaying denied: this server only receives forwarded mail'));
      const forMessage = accepted.get(session) ?? new Map<string, MailboxRow>();
      accepted.set(session, forMessage);
      if (forMessage.size >= MAX_RECIPIENTS) return callback(smtpError(452, '4.5.3 Too many recipients'));
      const accept = async (): Promise<Error | undefined> => {
        const mailbox = await findForwardingMailbox(token);
        if (!mailbox) return smtpError(550, '5.1.1 No such forwarding address');
        if (forMessage.has(mailbox.id)) return undefined;
        if (mailbox.state !== 'active') return smtpError(450, '4.2.1 Mailbox paused, try again later');
        if (!(await limiter.take(mailbox.tenantId)))
          return smtpError(451, '4.7.1 Too many messages for this recipient, try again later');
        forMessage.set(mailbox.id, mailbox);
        return undefined;
      };
      accept().then(
        (refusal) => callback(refusal),
        (err: unknown) => {
          log(`recipient lookup failed: ${errorMessage(err)}`);
          callback(smtpError(451, '4.3.0 Temporary failure, try again later'));
        },
      );
    },
    onData(stream: SMTPServerDataStream, session, callback) {
      const chunks: Buffer[] = [];
      let bytes = 0;
      stream.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        if (bytes <= opts.maxBytes) chunks.push(chunk);
      });
      stream.on('error', (err) => callback(err));
      stream.on('end', () => {
        const mailboxes = [...(accepted.get(session)?.values() ?? [])];
        accepted.delete(session);
        if (stream.sizeExceeded) return callback(smtpError(552, '5.3.4 Message too big'));
        const raw = Buffer.concat(chunks, bytes);
        if (mailboxes.some((m) => raw.length > m.maxMessageBytes))
          return callback(smtpError(552, '5.3.4 Message too big for this mailbox'));
        Promise.all(mailboxes.map((m) => deliverForwardedMessage(m, raw))).then(
          () => callback(null, 'OK: stored'),
          (err: unknown) => {
            log(`store failed: ${errorMessage(err)}`);
            callback(smtpError(451, '4.3.0 Temporary failure, try again later'));
          },
        );
      });
    },
  });
  server.on('error', (err) => log(`listener error: ${errorMessage(err)}`));

  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(opts.port, opts.host ?? '0.0.0.0', () => {
      server.server.off('error', reject);
      resolve();
    });
  });
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Reads the STARTTLS key and certificate files named in the environment. */
export function readInboundTls(keyFile?: string, certFile?: string): InboundSmtpOptions['tls'] {
  if (!keyFile || !certFile) return undefined;
  return { key: fs.readFileSync(keyFile), cert: fs.readFileSync(certFile) };
}
