// Standard Webhooks signature: `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`, one per active
// secret, space-separated (during a rotation's overlap the consumer may know either secret).
import { createHmac } from 'node:crypto';
import { webhookSecretKey } from './webhook-secret';

export type WebhookSignatureInput = { id: string; timestamp: number; body: string; secrets: string[] };

export function signWebhook({ id, timestamp, body, secrets }: WebhookSignatureInput): string {
  return secrets
    .map(
      (secret) =>
        `v1,${createHmac('sha256', webhookSecretKey(secret)).update(`${id}.${timestamp}.${body}`, 'utf8').digest('base64')}`,
    )
    .join(' ');
}

/** The three headers of one attempt; `timestamp` is this attempt's time in Unix seconds. */
export function webhookHeaders(input: WebhookSignatureInput): Record<string, string> {
  return {
    'webhook-id': input.id,
    'webhook-timestamp': String(input.timestamp),
    'webhook-signature': signWebhook(input),
  };
}
