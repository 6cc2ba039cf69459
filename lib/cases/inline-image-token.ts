// Capability URLs for inline (cid:) images. The email frame is sandboxed to an opaque origin, so its
// image requests carry no session cookie; instead each image URL names the attachment and the
// tenant under an HMAC that expires. Only images are ever served this way (see the route).
import { timingSafeEqual } from 'node:crypto';
import { authSecretHmac } from '@/lib/crypto/auth-secret-hmac';

const TTL_SECONDS = 12 * 3600;
const hmac = authSecretHmac('caseflow:inline-image:v1');

function mac(payload: string): string {
  return hmac(payload).slice(0, 32);
}

export function signInlineImage(p: { tenantId: string; attachmentId: string }, now = Date.now()): string {
  // Expiry rounded up to the hour: the same image gets the same URL for an hour, so a page that
  // re-renders (live updates) does not change the frame's document and reload it.
  const expires = Math.ceil((Math.floor(now / 1000) + TTL_SECONDS) / 3600) * 3600;
  const payload = `${p.tenantId}.${p.attachmentId}.${expires}`;
  return `${payload}.${mac(payload)}`;
}

export function verifyInlineImage(token: string, now = Date.now()): { tenantId: string; attachmentId: string } | null {
  const m = /^([0-9a-f-]{36})\.([0-9a-f-]{36})\.(\d{1,12})\.([A-Za-z0-9_-]{32})$/.exec(token);
  if (!m) return null;
  const [, tenantId, attachmentId, exp, tag] = m;
  const expected = Buffer.from(mac(`${tenantId}.${attachmentId}.${exp}`));
  if (expected.length !== tag.length || !timingSafeEqual(expected, Buffer.from(tag))) return null;
  if (Number(exp) * 1000 < now) return null;
  return { tenantId, attachmentId };
}
