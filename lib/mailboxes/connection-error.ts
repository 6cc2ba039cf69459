// What went wrong connecting to a mail server, in our own words. Server banners and server error
// text are never passed on: they can name internal hosts, and they are not written for owners.
import { AppError } from '@/lib/errors';
import { isPop3Error, type Pop3Error, type Pop3ErrorCode } from '@/lib/mail/pop3/pop3-error';
import {
  isOutboundGuardError,
  privateAddressMessage,
  resolveOutbound,
  type ResolvedOutbound,
} from '@/lib/net/outbound-guard';

// The POP3 client's failures are ours under the same names, but for its 'closed' (our 'connection-lost');
// fromPop3Error below maps one to the other.
export type MailboxConnectionErrorCode =
  | Exclude<Pop3ErrorCode, 'closed'>
  | 'quota'
  | 'connection-lost'
  | 'no-uidplus'
  | 'no-uidl'
  | 'folder-missing'
  | 'private-address'
  | 'permission';

export type TlsProblem =
  | 'self-signed'
  | 'expired'
  | 'not-yet-valid'
  | 'hostname-mismatch'
  | 'unknown-ca'
  | 'revoked'
  | 'not-tls'
  | 'tls-port'
  | 'no-starttls'
  | 'handshake';

/** Every text a connection test can show, in one place. */
export const mailboxTestMessage = {
  dns: 'The server name could not be found. Check the host name.',
  refused: 'Nothing accepted the connection at that host and port. Check the host, the port and the protocol.',
  timeout:
    'The server did not answer in time. Check the host, the port and the protocol, and whether a firewall blocks the connection.',
  auth: 'The server rejected the username or password. Check them, or use an app password if your provider requires one.',
  'tls-required':
    'The server accepts passwords only over an encrypted connection, and this one is not. Turn STARTTLS on, or use IMAPS/POP3S.',
  'apop-only':
    'The server accepts only APOP sign-in for POP3, which Caseflow does not use (it needs the password kept readable on the server). Use IMAP, or ask the provider for USER/PASS or SASL PLAIN over TLS.',
  quota:
    'The mailbox on the server is over its storage quota and refused a change Caseflow had to make. Free space in the mailbox or raise its quota on the server, then resume the mailbox.',
  'connection-lost':
    'The server closed the connection part-way through. Caseflow retries; nothing is lost, because messages are deleted from the server only after they are stored.',
  'no-uidplus':
    'The server does not support UIDPLUS (UID EXPUNGE), so Caseflow could not delete exactly the messages it has stored. Caseflow does not drain such a mailbox; POP3 may work instead.',
  'no-uidl':
    'The server does not support UIDL, so Caseflow cannot tell its messages apart safely. Use IMAP instead if the server offers it.',
  'folder-missing': 'That folder does not exist on the server. Check its name; INBOX is the usual one.',
  'private-address': privateAddressMessage,
  protocol: 'The server answered in a way Caseflow did not expect. Check the port and the protocol.',
  permission:
    'The provider refused access to this mailbox. Check the permissions the app was granted (for a shared mailbox, the .Shared permissions or the app’s access to that mailbox).',
  tls: {
    'self-signed':
      'The server’s TLS certificate is self-signed, so its identity cannot be verified. Use the server’s proper host name, or turn off certificate verification only if you trust this network.',
    expired: 'The server’s TLS certificate has expired. The server’s administrator needs to renew it.',
    'not-yet-valid':
      'The server’s TLS certificate is not valid yet. Check the server’s clock, or wait until the certificate starts to be valid.',
    'hostname-mismatch':
      'The server’s TLS certificate was issued for a different host name. Use the host name the certificate names.',
    'unknown-ca':
      'The server’s TLS certificate was issued by an authority Caseflow does not trust (or the server did not send its intermediate certificates).',
    revoked: 'The server’s TLS certificate has been revoked.',
    'not-tls':
      'The server did not start TLS on this port. Check that the port matches the protocol (IMAPS and POP3S use TLS from the start).',
    'tls-port':
      'This port expects TLS from the start, so the server waited for a TLS handshake. Choose IMAPS or POP3S for this port, or use the plain port (usually 143 or 110) with STARTTLS.',
    'no-starttls':
      'The server does not offer STARTTLS, so the password would travel unencrypted. Use IMAPS/POP3S, or turn STARTTLS off only on a trusted network.',
    handshake: 'A secure (TLS) connection could not be set up with the server. Check the port and the protocol.',
  } satisfies Record<TlsProblem, string>,
} as const;

export class MailboxConnectionError extends AppError {
  constructor(
    public readonly reason: MailboxConnectionErrorCode,
    public readonly tlsProblem?: TlsProblem,
  ) {
    super(
      reason === 'timeout' || reason === 'refused' || reason === 'connection-lost' ? 'unavailable' : 'bad_request',
      reason === 'tls' ? mailboxTestMessage.tls[tlsProblem ?? 'handshake'] : mailboxTestMessage[reason],
      tlsProblem ? { code: reason, tlsProblem } : { code: reason },
    );
    this.name = 'MailboxConnectionError';
  }
}

const tlsCodes: Record<string, TlsProblem> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'self-signed',
  CERT_HAS_EXPIRED: 'expired',
  CERT_NOT_YET_VALID: 'not-yet-valid',
  ERR_TLS_CERT_ALTNAME_INVALID: 'hostname-mismatch',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'unknown-ca',
  UNABLE_TO_GET_ISSUER_CERT: 'unknown-ca',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'unknown-ca',
  CERT_UNTRUSTED: 'unknown-ca',
  CERT_REVOKED: 'revoked',
  ERR_SSL_WRONG_VERSION_NUMBER: 'not-tls',
  ERR_SSL_PACKET_LENGTH_TOO_LONG: 'not-tls',
  ERR_SSL_HTTP_REQUEST: 'not-tls',
};

// The POP3 client states TLS failures in its own fixed sentences (lib/mail/pop3/describe-tls-error.ts)
// without Node's code; read the problem back from those.
const pop3TlsWording: [RegExp, TlsProblem][] = [
  [/self-signed/i, 'self-signed'],
  [/expired/i, 'expired'],
  [/not valid yet/i, 'not-yet-valid'],
  [/hostname mismatch|not issued for/i, 'hostname-mismatch'],
  [/unknown authority|not trusted/i, 'unknown-ca'],
  [/revoked/i, 'revoked'],
  [/did not answer with TLS/i, 'not-tls'],
  [/STARTTLS|STLS/, 'no-starttls'],
];

function fromPop3Error(err: Pop3Error): MailboxConnectionError {
  switch (err.code) {
    case 'tls':
      return new MailboxConnectionError('tls', pop3TlsWording.find(([re]) => re.test(err.message))?.[1] ?? 'handshake');
    case 'auth':
    case 'tls-required':
    case 'apop-only':
    case 'refused':
    case 'timeout':
    case 'dns':
      return new MailboxConnectionError(err.code);
    case 'closed':
      return new MailboxConnectionError('connection-lost');
    default:
      return new MailboxConnectionError('protocol');
  }
}

type LibraryError = {
  code?: unknown;
  authenticationFailed?: boolean;
  serverResponseCode?: string;
  responseStatus?: string;
  responseText?: string;
  executedCommand?: string;
  tlsFailed?: boolean;
  mailboxMissing?: boolean;
  message?: unknown;
  cause?: unknown;
};

// imapflow's codes for a connection that went away under a command.
const lostCodes = [
  'ECONNRESET',
  'EPIPE',
  'ECONNABORTED',
  'NoConnection',
  'EConnectionClosed',
  'ClosedAfterConnectText',
];

/** Reads an error from imapflow, the POP3 client, node:net/tls or the guard as one of our codes. */
export function toMailboxConnectionError(err: unknown): MailboxConnectionError {
  return classifyServerError(err) ?? new MailboxConnectionError('protocol');
}

/** A mail server's address through the outbound guard; a refused or unknown host is a MailboxConnectionError. */
export function resolveMailHost(host: string, allowPrivateHosts: string | undefined): Promise<ResolvedOutbound> {
  return resolveOutbound(host, { allow: allowPrivateHosts }).catch((err: unknown) => {
    throw toMailboxConnectionError(err);
  });
}

/**
 * Like toMailboxConnectionError, but undefined for an error no mail server or network caused (our own bug, the
 * database): a sync reports those as `internal`, never as the server's fault.
 */
export function classifyServerError(err: unknown, depth = 0): MailboxConnectionError | undefined {
  if (err instanceof MailboxConnectionError) return err;
  if (isOutboundGuardError(err)) return new MailboxConnectionError(err.reason);
  if (isPop3Error(err)) return fromPop3Error(err);
  const e = (err ?? {}) as LibraryError;
  const code = typeof e.code === 'string' ? e.code : '';

  // RFC 5530 PRIVACYREQUIRED, or imapflow refusing to LOGIN because the server announced LOGINDISABLED (RFC 3501).
  if (e.serverResponseCode === 'PRIVACYREQUIRED') return new MailboxConnectionError('tls-required');
  if (e.authenticationFailed && /login is disabled/i.test(String(e.message ?? '')))
    return new MailboxConnectionError('tls-required');
  if (e.authenticationFailed || e.serverResponseCode === 'AUTHENTICATIONFAILED' || code === 'auth')
    return new MailboxConnectionError('auth');
  if (e.mailboxMissing || e.serverResponseCode === 'NONEXISTENT' || code === 'NotFound')
    return new MailboxConnectionError('folder-missing');
  // RFC 9208 OVERQUOTA; older servers say it in words only.
  if (e.serverResponseCode === 'OVERQUOTA' || (e.responseStatus === 'NO' && /quota/i.test(e.responseText ?? '')))
    return new MailboxConnectionError('quota');
  if (code in tlsCodes) return new MailboxConnectionError('tls', tlsCodes[code]);
  if (/^(ERR_SSL_|ERR_TLS_)|CERT/.test(code) || code === 'EPROTO')
    return new MailboxConnectionError('tls', 'handshake');
  // imapflow raises a bare Error with tlsFailed when a required STARTTLS is not offered.
  if (e.tlsFailed) {
    const cause = e.cause ?? (err as { _err?: unknown })._err;
    if (cause && cause !== err && depth < 3) {
      const inner = classifyServerError(cause, depth + 1);
      if (inner?.reason === 'tls') return inner;
    }
    return new MailboxConnectionError(
      'tls',
      !code && /STARTTLS/i.test(String(e.message ?? '')) ? 'no-starttls' : 'handshake',
    );
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME' || code === 'dns')
    return new MailboxConnectionError('dns');
  if (['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL', 'refused'].includes(code))
    return new MailboxConnectionError('refused');
  if (['ETIMEDOUT', 'ETIMEOUT', 'CONNECT_TIMEOUT', 'GREETING_TIMEOUT', 'UPGRADE_TIMEOUT', 'timeout'].includes(code)) {
    return new MailboxConnectionError('timeout');
  }
  if (lostCodes.includes(code)) return new MailboxConnectionError('connection-lost');
  if (code === 'tls') return new MailboxConnectionError('tls', 'handshake');
  if (code === 'private-address') return new MailboxConnectionError('private-address');
  if (e.cause && e.cause !== err && depth < 3) {
    const inner = classifyServerError(e.cause, depth + 1);
    if (inner) return inner;
  }
  // Any other answer the IMAP library could not use (a NO/BAD, an unreadable response) is the server's doing.
  if (e.responseStatus || e.executedCommand || /^(Parser|Invalid|Unexpected|Missing|TooMany|LineTooLarge)/.test(code))
    return new MailboxConnectionError('protocol');
  return undefined;
}
