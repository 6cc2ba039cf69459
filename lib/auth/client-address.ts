// The client address that throttling (sign-in, sign-up, password reset) counts against.
//   - TRUST_PROXY=true: a reverse proxy in front appends the address it saw to X-Forwarded-For, so the last
//     entry is the one nearest to us (anything before it is whatever the client claimed).
//   - otherwise: the socket's address, which `npm start`'s server (lib/server/serve.mjs) writes into
//     SOCKET_ADDRESS_HEADER on every request, replacing whatever a client sent under that name. Under a
//     bare `next start` nothing trustworthy exists (X-Forwarded-For is the client's to choose): no address,
//     and only the per-account limits apply.
import { env } from '@/lib/env';

export const SOCKET_ADDRESS_HEADER = 'x-caseflow-socket-address';

type Source = { trustProxy: boolean; socketAddressHeaderSet: boolean };

/** Whether serve.mjs runs this process (it sets the flag before Next.js handles any request). */
export function socketAddressHeaderSet(): boolean {
  return (globalThis as { __caseflowSocketAddressHeader?: boolean }).__caseflowSocketAddressHeader === true;
}

export function clientAddress(headers: Headers | undefined, source: Source): string | null {
  const raw = source.trustProxy
    ? (headers?.get('x-forwarded-for') ?? '').split(',').pop()
    : source.socketAddressHeaderSet
      ? headers?.get(SOCKET_ADDRESS_HEADER)
      : null;
  const bare = (raw ?? '').trim().replace(/^::ffff:/i, '');
  return /^[0-9a-f.:]{2,45}$/i.test(bare) ? bare.toLowerCase() : null;
}

/** The address of the request being handled, per this process's configuration. */
export function requestClientAddress(headers: Headers | undefined): string | null {
  return clientAddress(headers, { trustProxy: env.TRUST_PROXY, socketAddressHeaderSet: socketAddressHeaderSet() });
}
