// An HMAC-SHA256 under a key of its own derived from AUTH_SECRET (HKDF, the purpose as info), for the tokens
// only this server makes and checks: inline-image URLs (lib/cases/inline-image-token.ts) and sender-confirmation
// links (lib/contacts/confirmation-token.ts). One purpose's tag is no use for another. The key is derived
// again when AUTH_SECRET changes (tests change it).
import { createHmac, hkdfSync } from 'node:crypto';
import { env } from '@/lib/env';

/** `purpose`, e.g. 'caseflow:inline-image:v1', names the key; the function returned gives base64url tags. */
export function authSecretHmac(purpose: string): (payload: string) => string {
  let cached: { secret: string; key: Buffer } | undefined;
  const key = (): Buffer => {
    if (cached?.secret !== env.AUTH_SECRET) {
      cached = {
        secret: env.AUTH_SECRET,
        key: Buffer.from(hkdfSync('sha256', env.AUTH_SECRET, Buffer.alloc(0), purpose, 32)),
      };
    }
    return cached.key;
  };
  return (payload) => createHmac('sha256', key()).update(payload).digest('base64url');
}
