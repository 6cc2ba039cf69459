// Signing matches the Standard Webhooks reference library; the retry schedule and Retry-After.
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { caseCreatedV1, serializeWebhookPayload, webhookPayloadSchema } from '@/lib/webhooks/events';
import {
  DEFAULT_RETRY_SCHEDULE_MS,
  MAX_RETRY_AFTER_MS,
  nextAttemptAt,
  parseRetryAfter,
} from '@/lib/webhooks/retry-schedule';
import { signWebhook, webhookHeaders } from '@/lib/webhooks/sign-webhook';
import {
  newWebhookSecret,
  openWebhookSecret,
  sealWebhookSecret,
  webhookSecretKey,
} from '@/lib/webhooks/webhook-secret';

const tenantId = '6f1c1b7e-5d7e-4a59-9a2e-0d6c1a1f2b3c';

describe('webhook secrets', () => {
  it('are whsec_ + base64 of 32 random bytes, different every time', () => {
    const a = newWebhookSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(webhookSecretKey(a)).toHaveLength(32);
    expect(newWebhookSecret()).not.toBe(a);
  });

  it('are sealed for their tenant and purpose only', () => {
    const secret = newWebhookSecret();
    const sealed = sealWebhookSecret(secret, tenantId);
    expect(sealed).not.toContain(secret.slice(6));
    expect(openWebhookSecret(sealed, tenantId)).toBe(secret);
    expect(() => openWebhookSecret(sealed, '00000000-0000-4000-8000-000000000000')).toThrow('could not be opened');
  });
});

describe('signWebhook', () => {
  const body = serializeWebhookPayload('webhook.test', new Date(), {
    endpointId: tenantId,
    message: 'hi',
    link: 'https://app.example/t/x',
  });
  const id = '0d2f1a4e-3b9c-4c1e-8a7d-5e6f7a8b9c0d';
  const now = Math.floor(Date.now() / 1000);

  it('produces the signature the reference library computes and verifies', () => {
    const secret = newWebhookSecret();
    expect(signWebhook({ id, timestamp: now, body, secrets: [secret] })).toBe(
      new Webhook(secret).sign(id, new Date(now * 1000), body),
    );
    expect(new Webhook(secret).verify(body, webhookHeaders({ id, timestamp: now, body, secrets: [secret] }))).toEqual(
      JSON.parse(body),
    );
  });

  it('sends two space-separated signatures with two secrets, each verifying on its own', () => {
    const [a, b] = [newWebhookSecret(), newWebhookSecret()];
    const headers = webhookHeaders({ id, timestamp: now, body, secrets: [a, b] });
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(() => new Webhook(a).verify(body, headers)).not.toThrow();
    expect(() => new Webhook(b).verify(body, headers)).not.toThrow();
    expect(() => new Webhook(newWebhookSecret()).verify(body, headers)).toThrow();
  });

  it('does not verify a changed body, id or timestamp', () => {
    const secret = newWebhookSecret();
    const headers = webhookHeaders({ id, timestamp: now, body, secrets: [secret] });
    expect(() => new Webhook(secret).verify(body.replace('hi', 'ho'), headers)).toThrow();
    expect(() => new Webhook(secret).verify(body, { ...headers, 'webhook-id': `${id}x` })).toThrow();
    expect(() => new Webhook(secret).verify(body, { ...headers, 'webhook-timestamp': String(now - 1) })).toThrow();
  });
});

describe('the retry schedule', () => {
  const t0 = new Date('2030-01-01T00:00:00Z');
  const noJitter = () => 0.5;

  it('is immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h — then nothing', () => {
    const waits = DEFAULT_RETRY_SCHEDULE_MS.map(
      (_, i) => nextAttemptAt(i, t0, { random: noJitter })!.getTime() - t0.getTime(),
    );
    expect(waits).toEqual([0, 5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000]);
    expect(nextAttemptAt(8, t0)).toBeNull();
  });

  it('jitters each wait by at most 10 %', () => {
    expect(nextAttemptAt(2, t0, { random: () => 0 })!.getTime() - t0.getTime()).toBe(270_000);
    expect(nextAttemptAt(2, t0, { random: () => 0.999999 })!.getTime() - t0.getTime()).toBe(330_000);
  });

  it('waits for Retry-After when it is longer, never shorter than the schedule', () => {
    expect(nextAttemptAt(1, t0, { random: noJitter, retryAfterMs: 60_000 })!.getTime() - t0.getTime()).toBe(60_000);
    expect(nextAttemptAt(3, t0, { random: noJitter, retryAfterMs: 1_000 })!.getTime() - t0.getTime()).toBe(1_800_000);
    expect(
      nextAttemptAt(1, t0, { random: noJitter, retryAfterMs: 10 * MAX_RETRY_AFTER_MS })!.getTime() - t0.getTime(),
    ).toBe(MAX_RETRY_AFTER_MS);
  });

  it('can be shortened for tests', () => {
    expect(nextAttemptAt(1, t0, { schedule: [0, 10], random: noJitter })!.getTime() - t0.getTime()).toBe(10);
    expect(nextAttemptAt(2, t0, { schedule: [0, 10] })).toBeNull();
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(parseRetryAfter('120', t0)).toBe(120_000);
    expect(parseRetryAfter(new Date(t0.getTime() + 30_000).toUTCString(), t0)).toBe(30_000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', t0)).toBe(0);
    expect(parseRetryAfter('soon', t0)).toBeNull();
    expect(parseRetryAfter(undefined, t0)).toBeNull();
  });
});

describe('event schemas', () => {
  it('drop fields they do not list, so nothing unplanned (a secret, a token) leaves', () => {
    const body = serializeWebhookPayload('webhook.test', new Date('2030-01-01T00:00:00Z'), {
      endpointId: tenantId,
      message: 'm',
      link: 'https://a.example/x',
      secret: 'whsec_x',
      passwordSealed: 'p',
    });
    expect(JSON.parse(body)).toEqual({
      type: 'webhook.test',
      timestamp: '2030-01-01T00:00:00.000Z',
      data: { endpointId: tenantId, message: 'm', link: 'https://a.example/x' },
    });
  });

  it('refuse data missing what the type promises', () => {
    expect(() => serializeWebhookPayload('case.created', new Date(), { caseNumber: 1 })).toThrow();
    expect(caseCreatedV1.safeParse({}).success).toBe(false);
    expect(
      webhookPayloadSchema('case.created').safeParse({
        type: 'case.updated',
        timestamp: new Date().toISOString(),
        data: {},
      }).success,
    ).toBe(false);
  });
});
