// One attempt of a claimed delivery: sign with every active secret, send, log the attempt, and
// decide what next — done (2xx), retry on the schedule (Retry-After honoured for 429/503), give
// up (schedule exhausted), or disable the endpoint (410 Gone, or 5 days without a success).
import { and, eq, sql } from 'drizzle-orm';
import { webhookAttempts, webhookDeliveries, webhookEndpoints } from '@/db/schema';
import { withTenant } from '@/db/tenancy';
import type { ClaimedDelivery } from './claim-webhook-deliveries';
import { disableWebhookEndpoint } from './disable-webhook-endpoint';
import { DISABLE_AFTER_FAILING_MS, nextAttemptAt, type RetryOptions } from './retry-schedule';
import { sendWebhookRequest, type WebhookResponse } from './send-webhook-request';
import { webhookHeaders } from './sign-webhook';
import { openWebhookSecret } from './webhook-secret';

export type DeliveryOptions = RetryOptions & {
  /** The clock: this attempt's webhook-timestamp and every due/lock comparison. */
  now?: Date;
  /** ALLOW_PRIVATE_HOSTS override (tests); defaults to the environment's. */
  allow?: string;
  timeoutMs?: number;
};

export type AttemptOutcome = {
  deliveryId: string;
  status: 'succeeded' | 'pending' | 'failed' | 'abandoned';
  statusCode: number | null;
  error: string | null;
  nextAttemptAt: Date | null;
  /** False when the claim had expired and another worker owns the delivery now. */
  recorded: boolean;
};

export async function attemptWebhookDelivery(
  claimed: ClaimedDelivery,
  opts: DeliveryOptions = {},
): Promise<AttemptOutcome> {
  const startedAt = opts.now ?? new Date();
  const endpoint = await withTenant(claimed.tenantId, async (tx) => {
    const [row] = await tx.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, claimed.endpointId));
    return row;
  });
  const outcome = (o: Omit<AttemptOutcome, 'deliveryId'>): AttemptOutcome => ({ deliveryId: claimed.id, ...o });
  if (!endpoint?.enabled) {
    await withTenant(claimed.tenantId, (tx) =>
      tx
        .update(webhookDeliveries)
        .set({ status: 'abandoned', lockedUntil: null, lastError: 'The endpoint was disabled.' })
        .where(ownClaim(claimed)),
    );
    return outcome({
      status: 'abandoned',
      statusCode: null,
      error: 'The endpoint was disabled.',
      nextAttemptAt: null,
      recorded: true,
    });
  }

  const secrets = [openWebhookSecret(endpoint.secretSealed, claimed.tenantId)];
  if (
    endpoint.previousSecretSealed &&
    endpoint.previousSecretExpiresAt &&
    endpoint.previousSecretExpiresAt > startedAt
  ) {
    secrets.push(openWebhookSecret(endpoint.previousSecretSealed, claimed.tenantId));
  }
  const headers = webhookHeaders({
    id: claimed.eventId,
    timestamp: Math.floor(startedAt.getTime() / 1000),
    body: claimed.body,
    secrets,
  });
  const response = await sendWebhookRequest({
    url: endpoint.url,
    headers,
    body: claimed.body,
    allow: opts.allow,
    timeoutMs: opts.timeoutMs,
  });
  const finishedAt = new Date(startedAt.getTime() + response.durationMs);
  return withTenant(claimed.tenantId, async (tx) => {
    const attempts = claimed.attempts + 1;
    const base = {
      attempts,
      lockedUntil: null,
      lastStatusCode: response.statusCode,
      lastError: response.error,
      updatedAt: finishedAt,
    };
    let status: AttemptOutcome['status'];
    let next: Date | null = null;
    let disableReason: string | null = null;
    if (response.ok) {
      status = 'succeeded';
    } else if (response.statusCode === 410) {
      status = 'failed';
      disableReason = `Disabled because the endpoint answered 410 Gone on ${finishedAt.toISOString()}.`;
    } else {
      next = nextAttemptAt(attempts, finishedAt, { ...opts, retryAfterMs: response.retryAfterMs });
      status = next ? 'pending' : 'failed';
      const failingSince = endpoint.failingSince ?? startedAt;
      if (finishedAt.getTime() - failingSince.getTime() >= DISABLE_AFTER_FAILING_MS) {
        disableReason = `Disabled because every delivery failed for 5 days (since ${failingSince.toISOString()}). Last error: ${describe(response)}`;
        status = 'failed';
        next = null;
      }
    }
    const [updated] = await tx
      .update(webhookDeliveries)
      .set(
        status === 'succeeded'
          ? { ...base, status, deliveredAt: finishedAt }
          : { ...base, status, nextAttemptAt: next ?? undefined },
      )
      .where(ownClaim(claimed))
      .returning({ id: webhookDeliveries.id });
    // The attempt happened whether or not our claim still holds: it is always logged.
    await tx.insert(webhookAttempts).values({
      tenantId: claimed.tenantId,
      deliveryId: claimed.id,
      attemptedAt: startedAt,
      statusCode: response.statusCode,
      durationMs: response.durationMs,
      responseBody: response.responseBody,
      error: response.error,
    });
    if (response.ok) {
      await tx.update(webhookEndpoints).set({ failingSince: null }).where(eq(webhookEndpoints.id, endpoint.id));
    } else if (disableReason) {
      await disableWebhookEndpoint(tx, { endpointId: endpoint.id, reason: disableReason, now: finishedAt });
    } else {
      await tx
        .update(webhookEndpoints)
        .set({ failingSince: sql`coalesce(${webhookEndpoints.failingSince}, ${startedAt.toISOString()}::timestamptz)` })
        .where(eq(webhookEndpoints.id, endpoint.id));
    }
    return outcome({
      status,
      statusCode: response.statusCode,
      error: response.error,
      nextAttemptAt: next,
      recorded: Boolean(updated),
    });
  });
}

function ownClaim(claimed: ClaimedDelivery) {
  return and(eq(webhookDeliveries.id, claimed.id), eq(webhookDeliveries.lockedUntil, claimed.lockedUntil));
}

function describe(r: WebhookResponse): string {
  return r.error ?? (r.statusCode ? `HTTP ${r.statusCode}` : 'unknown');
}
