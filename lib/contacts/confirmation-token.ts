// The signed link in a sender confirmation request: it names the held message and its tenant under an
// HMAC (key derived from AUTH_SECRET), so only the link we sent confirms. It carries no expiry of its
// own: the held row's state decides (an expired or released message is not confirmed by it).
import { timingSafeEqual } from 'node:crypto';
import { authSecretHmac } from '@/lib/crypto/auth-secret-hmac';
import { webhookLinkBase } from '@/lib/webhooks/webhook-link-base';

const mac = authSecretHmac('caseflow:sender-confirmation:v1');

export function signConfirmation(p: { tenantId: string; ignoredMessageId: string }): string {
  const payload = `${p.tenantId.toLowerCase()}.${p.ignoredMessageId.toLowerCase()}`;
  return `${payload}.${mac(payload)}`;
}

export function verifyConfirmation(token: string): { tenantId: string; ignoredMessageId: string } | null {
  const m = /^([0-9a-f-]{36})\.([0-9a-f-]{36})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!m) return null;
  const [, tenantId, ignoredMessageId, tag] = m;
  const expected = Buffer.from(mac(`${tenantId}.${ignoredMessageId}`));
  if (!timingSafeEqual(expected, Buffer.from(tag))) return null;
  return { tenantId, ignoredMessageId };
}

/** The public page a sender opens to confirm (app/confirm-sender/[token]). */
export function confirmationUrl(token: string): string {
  return `${webhookLinkBase()}/confirm-sender/${token}`;
}
