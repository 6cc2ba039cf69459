// Password-reset tokens: 32 random bytes in the link, only their SHA-256 stored; one hour, single use.
import { createHash, randomBytes } from 'node:crypto';

export const RESET_TTL_MS = 60 * 60_000;

export function newResetToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashResetToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function looksLikeResetToken(token: unknown): token is string {
  return typeof token === 'string' && /^[A-Za-z0-9_-]{43}$/.test(token);
}
