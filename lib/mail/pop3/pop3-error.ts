// Pop3Error: what went wrong with a POP3 server, as a code the connection test maps and a message in plain words.
import { describeTlsError } from './describe-tls-error';

export type Pop3ErrorCode =
  | 'refused'
  | 'timeout'
  | 'tls'
  | 'auth'
  /** The server takes passwords only over TLS (no USER/PASS or SASL before STLS, or said so when refusing). */
  | 'tls-required'
  /** The server takes only APOP (RFC 1939 section 7), which Caseflow does not use. */
  | 'apop-only'
  | 'protocol'
  | 'closed'
  | 'dns';

/** The message never carries the server's banner or reply text: it may echo hostile or internal details. */
export class Pop3Error extends Error {
  constructor(
    public readonly code: Pop3ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'Pop3Error';
  }
}

export function isPop3Error(err: unknown): err is Pop3Error {
  return err instanceof Pop3Error;
}

/** Turns a socket-level error (from net/tls/dns) into a Pop3Error. */
export function socketError(err: unknown, where: { host: string; port: number }): Pop3Error {
  if (isPop3Error(err)) return err;
  const code = (err as NodeJS.ErrnoException | undefined)?.code ?? '';
  switch (code) {
    case 'ECONNREFUSED':
      return new Pop3Error(
        'refused',
        `Nothing accepted the connection on ${where.host} port ${where.port}. Check the host, the port and the firewall.`,
      );
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'EADDRNOTAVAIL':
      return new Pop3Error('refused', `${where.host} cannot be reached from here (no route to the host).`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_FAIL':
    case 'EAI_NONAME':
      return new Pop3Error('dns', `The host name ${where.host} could not be found.`);
    case 'ETIMEDOUT':
      return new Pop3Error('timeout', `${where.host} port ${where.port} did not answer in time.`);
    case 'ECONNRESET':
    case 'EPIPE':
    case 'ECONNABORTED':
      return new Pop3Error('closed', 'The server closed the connection unexpectedly.');
  }
  const tls = describeTlsError(err, where.host);
  if (tls) return new Pop3Error('tls', tls);
  return new Pop3Error('closed', 'The connection to the server failed.');
}
