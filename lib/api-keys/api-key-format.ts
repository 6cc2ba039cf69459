// API keys look like `cf_live_` + 43 base64url characters (32 random bytes); only SHA-256 hex is stored.
import { createHash, randomBytes } from 'node:crypto';

export const API_KEY_PREFIX = 'cf_live_';
const KEY_PATTERN = /^cf_live_[A-Za-z0-9_-]{43}$/;

export function newApiKey(): string {
  return API_KEY_PREFIX + randomBytes(32).toString('base64url');
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export function isWellFormedApiKey(key: string): boolean {
  return KEY_PATTERN.test(key);
}

/** The part shown in lists: enough to tell keys apart, far too little to use. */
export function displayPrefix(key: string): string {
  return key.slice(0, API_KEY_PREFIX.length + 6);
}
