// A plain connection that hears no greeting may have reached a port that waits for a TLS handshake (IMAPS or POP3S
// chosen as IMAP or POP3). One short handshake attempt tells the owner which port setting to change, instead of a
// bare "did not answer in time". The address is the one the outbound guard already checked.
import tls from 'node:tls';

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
