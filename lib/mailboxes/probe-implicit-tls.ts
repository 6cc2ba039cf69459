// A plain connection that hears no greeting may have reached a port that waits for a TLS handshake (IMAPS or POP3S
// chosen as IMAP or POP3). One short handshake attempt tells the owner which port setting to change, instead of a
// bare "did not answer in time". The address is the one the outbound guard already checked.
import tls from 'node:tls';
import { MailboxConnectionError, toMailboxConnectionError } from './connection-error';

/**
 * Why connecting to an IMAP or POP3 server failed, in our words (./connect-imap.ts, ./connect-pop3.ts): a
 * connection that did not start with TLS and timed out at a port that answers with TLS is the wrong port.
 */
export async function connectionFailure(
  err: unknown,
  c: { tlsFromStart: boolean; address: string; port: number; timeoutMs: number },
): Promise<MailboxConnectionError> {
  const mapped = toMailboxConnectionError(err);
  if (
    mapped.reason === 'timeout' &&
    !c.tlsFromStart &&
    (await answersWithTls(c.address, c.port, Math.min(c.timeoutMs, 3000)))
  )
    return new MailboxConnectionError('tls', 'tls-port');
  return mapped;
}

/** True when `address:port` completes a TLS handshake within `timeoutMs` (the certificate is not judged here). */
export function answersWithTls(address: string, port: number, timeoutMs = 3000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = tls.connect({ host: address, port, rejectUnauthorized: false });
    const done = (answer: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(answer);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.once('secureConnect', () => done(true));
    socket.once('error', () => done(false));
  });
}
