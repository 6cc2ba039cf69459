// Endpoint secrets: `whsec_` + base64 of 32 random bytes (Standard Webhooks), sealed at rest.
import { randomBytes } from 'node:crypto';
import { open, seal } from '@/lib/crypto/seal';

export const WEBHOOK_SECRET_PREFIX = 'whsec_';
const SECRET_BYTES = 32;
const PURPOSE = 'webhook.secret';

export function newWebhookSecret(): string {
  return `${WEBHOOK_SECRET_PREFIX}${randomBytes(SECRET_BYTES).toString('base64')}`;
}

export function sealWebhookSecret(secret: string, tenantId: string): string {
  return seal(secret, { tenantId, purpose: PURPOSE });
}

export function openWebhookSecret(sealed: string, tenantId: string): string {
  return open(sealed, { tenantId, purpose: PURPOSE });
}

/** The HMAC key: the bytes the base64 after `whsec_` stands for. */
export function webhookSecretKey(secret: string): Buffer {
  const b64 = secret.startsWith(WEBHOOK_SECRET_PREFIX) ? secret.slice(WEBHOOK_SECRET_PREFIX.length) : secret;
  return Buffer.from(b64, 'base64');
}
