// The delivery log of an endpoint: each delivery (newest first) with every attempt it took.
import { and, desc, eq, inArray, lt } from 'drizzle-orm';
import { z } from 'zod';
import type { TenantTx } from '@/db/tenancy';
import { webhookAttempts, webhookDeliveries } from '@/db/schema';
import { AppError } from '@/lib/errors';
import { getWebhookEndpoint } from './get-webhook-endpoint';
import { isUuid } from '@/lib/is-uuid';

export type PublicWebhookAttempt = {
  id: string;
  attemptedAt: string;
  statusCode: number | null;
  durationMs: number | null;
  responseBody: string | null;
  error: string | null;
};

export type PublicWebhookDelivery = {
  id: string;
  endpointId: string;
  /** The `webhook-id` header of every attempt. */
  eventId: string;
  eventType: string;
  status: 'pending' | 'succeeded' | 'failed' | 'abandoned';
  attempts: number;
  nextAttemptAt: string | null;
  lastStatusCode: number | null;
  lastError: string | null;
  deliveredAt: string | null;
  createdAt: string;
  attemptLog: PublicWebhookAttempt[];
  body?: string;
};

type DeliveryRow = typeof webhookDeliveries.$inferSelect;

export const listDeliveriesQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** Cursor: the createdAt of the last delivery of the previous page. */
  before: z.iso.datetime().optional(),
});

export async function listWebhookDeliveries(
  tx: TenantTx,
  p: { endpointId: string; limit?: number; before?: string },
): Promise<PublicWebhookDelivery[]> {
  const endpoint = await getWebhookEndpoint(tx, p.endpointId);
  const rows = await tx
    .select()
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.endpointId, endpoint.id),
        p.before ? lt(webhookDeliveries.createdAt, new Date(p.before)) : undefined,
      ),
    )
    .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
    .limit(p.limit ?? 50);
  return withAttempts(tx, rows, false);
}

export async function getWebhookDelivery(tx: TenantTx, id: string): Promise<PublicWebhookDelivery> {
  if (!isUuid(id)) throw new AppError('not_found', 'No such webhook delivery.');
  const rows = await tx.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, id));
  if (!rows.length) throw new AppError('not_found', 'No such webhook delivery.');
  return (await withAttempts(tx, rows, true))[0];
}

async function withAttempts(tx: TenantTx, rows: DeliveryRow[], includeBody: boolean): Promise<PublicWebhookDelivery[]> {
  const attempts = rows.length
    ? await tx
        .select()
        .from(webhookAttempts)
        .where(
          inArray(
            webhookAttempts.deliveryId,
            rows.map((r) => r.id),
          ),
        )
        .orderBy(desc(webhookAttempts.attemptedAt))
    : [];
  return rows.map((r) => ({
    id: r.id,
    endpointId: r.endpointId,
    eventId: r.eventId,
    eventType: r.eventType,
    status: r.status,
    attempts: r.attempts,
    nextAttemptAt: r.status === 'pending' ? r.nextAttemptAt.toISOString() : null,
    lastStatusCode: r.lastStatusCode,
    lastError: r.lastError,
    deliveredAt: r.deliveredAt?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
    attemptLog: attempts
      .filter((a) => a.deliveryId === r.id)
      .map((a) => ({
        id: a.id,
        attemptedAt: a.attemptedAt.toISOString(),
        statusCode: a.statusCode,
        durationMs: a.durationMs,
        responseBody: a.responseBody,
        error: a.error,
      })),
    ...(includeBody ? { body: r.body } : {}),
  }));
}
