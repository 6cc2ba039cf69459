// Sends one message through an SMTP server with nodemailer. The connection goes through the outbound
// guard (docs/architecture.md, invariant 7): the host is resolved and checked once and the socket connects to that
// address, with the host name kept for TLS (SNI and certificate check).
import { isIP } from 'node:net';
import nodemailer from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import { resolveOutbound } from '@/lib/net/outbound-guard';
import { describeSmtpError, type SmtpFailure } from './describe-smtp-error';
import type { SmtpSettings } from './smtp-settings';

export type OutboundAddress = { address: string; name?: string | null };

export type OutboundMessage = {
  from: OutboundAddress;
  to: OutboundAddress;
  cc?: OutboundAddress[];
  subject: string;
  text: string;
  /** Without angle brackets. */
  messageId: string;
  inReplyTo?: string | null;
  references?: string[];
  date?: Date;
  headers?: Record<string, string>;
  /** Files sent with it (an agent's reply). */
  attachments?: { filename: string; contentType: string; content: Buffer }[];
};

export type SendOptions = {
  /** Extra trusted certificates (tests with a self-signed sink). */
  ca?: string | Buffer;
  /** Connection, greeting and idle-socket limits, in ms. */
  timeoutMs?: number;
};

export type SendResult = { ok: true; response: string } | { ok: false; failure: SmtpFailure };

const DEFAULT_TIMEOUT_MS = 30_000;

const bracket = (id: string) => `<${id}>`;
const mailbox = (a: OutboundAddress) => (a.name ? { name: a.name, address: a.address } : a.address);

/**
 * A nodemailer transport to the server, connected through the outbound guard (the host resolved and
 * checked once; the socket goes to that address, the host name kept for TLS). Sending and the wizard's
 * test (verify-smtp-server.ts) share it, so the test connects exactly as sending will.
 */
export async function openSmtpTransport(
  smtp: SmtpSettings,
  opts: SendOptions = {},
): Promise<nodemailer.Transporter<SMTPTransport.SentMessageInfo>> {
  const target = await resolveOutbound(smtp.host);
  const timeout = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return nodemailer.createTransport({
    host: target.address,
    port: smtp.port,
    secure: smtp.security === 'tls',
    requireTLS: smtp.security === 'starttls',
    // "none" is an explicit choice (a local relay): do not try STARTTLS behind the owner's back.
    ignoreTLS: smtp.security === 'none',
    name: smtp.clientName,
    auth: !smtp.auth
      ? undefined
      : 'accessToken' in smtp.auth
        ? { type: 'OAuth2', user: smtp.auth.user, accessToken: smtp.auth.accessToken }
        : { user: smtp.auth.user, pass: smtp.auth.password },
    tls: {
      ...(isIP(target.host) ? {} : { servername: target.host }),
      rejectUnauthorized: smtp.tlsVerify,
      ...(opts.ca ? { ca: opts.ca } : {}),
    },
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout * 2,
    logger: false,
    debug: false,
    disableFileAccess: true,
    disableUrlAccess: true,
  });
}

/** The message as nodemailer composes it: the same MIME whether it goes out over SMTP or through a mail API. */
export function outboundMailOptions(message: OutboundMessage) {
  return {
    from: mailbox(message.from),
    to: mailbox(message.to),
    ...(message.cc?.length ? { cc: message.cc.map(mailbox) } : {}),
    subject: message.subject,
    text: message.text,
    messageId: bracket(message.messageId),
    ...(message.inReplyTo ? { inReplyTo: bracket(message.inReplyTo) } : {}),
    ...(message.references?.length ? { references: message.references.map(bracket).join(' ') } : {}),
    date: message.date ?? new Date(),
    headers: message.headers,
    ...(message.attachments?.length
      ? {
          attachments: message.attachments.map((a) => ({
            filename: a.filename,
            contentType: a.contentType,
            content: a.content,
          })),
        }
      : {}),
    disableFileAccess: true,
    disableUrlAccess: true,
  };
}

export async function sendSmtpMessage(
  smtp: SmtpSettings,
  message: OutboundMessage,
  opts: SendOptions = {},
): Promise<SendResult> {
  const where = { host: smtp.host, port: smtp.port };
  let transport: nodemailer.Transporter<SMTPTransport.SentMessageInfo> | undefined;
  try {
    transport = await openSmtpTransport(smtp, opts);
    const info = await transport.sendMail({
      envelope: { from: message.from.address, to: [message.to.address, ...(message.cc ?? []).map((a) => a.address)] },
      ...outboundMailOptions(message),
    });
    if (info.rejected.length > 0) {
      return {
        ok: false,
        failure: {
          code: 'recipient',
          message: `The outbound server ${smtp.host}:${smtp.port} refused the recipient.`,
          permanent: true,
        },
      };
    }
    return { ok: true, response: typeof info.response === 'string' ? info.response.slice(0, 3) : '' };
  } catch (err) {
    return { ok: false, failure: describeSmtpError(err, where) };
  } finally {
    transport?.close();
  }
}
