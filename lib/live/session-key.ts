// A stream is tied to the session that opened it: the SHA-256 of its session cookie (never the cookie
// itself) names it, so signing out can close exactly that browser's streams on every app instance.
import { createHash } from 'node:crypto';

/** From a Cookie header; next-auth's session cookie may be split into .0, .1… chunks. */
export function sessionKeyFromCookieHeader(header: string | null): string | null {
  if (!header) return null;
  const parts = header
    .split(';')
    .map((c) => c.trim())
    .filter((c) => /^(__Secure-)?authjs\.session-token(\.\d+)?=/.test(c))
    .sort();
  return parts.length ? createHash('sha256').update(parts.join('; ')).digest('hex') : null;
}
