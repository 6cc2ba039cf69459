// Reading endpoints, and the one public shape they leave the server in: never a secret.
import { desc, eq } from 'drizzle-orm';
import type { TenantTx } from '@/db/tenancy';
import { webhookEndpoints } from '@/db/schema';
import { AppError } from '@/lib/errors';
import { isUuid } from '@/lib/is-uuid';

export type WebhookEndpointRow = typeof webhookEndpoints.$inferSelect;

export type PublicWebhookEndpoint = {
  id: string;
  url: string;
  description: string | null;
  /** null = every event type. */
  events: string[] | null;
  enabled: boolean;
  includeBodies: boolean;
  disabledReason: string | null;
  disabledAt: string | null;
  failingSince: string | null;
  /** While a rotated-out secret still signs alongside the new one. */
  previousSecretExpiresAt: string | null;
  createdAt: string;
  updatedAt: string;
};

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toPublicWebhookEndpoint(row: WebhookEndpointRow, now = new Date()): PublicWebhookEndpoint {
  const overlap =
    row.previousSecretSealed && row.previousSecretExpiresAt && row.previousSecretExpiresAt > now
      ? row.previousSecretExpiresAt
      : null;
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    events: row.eventTypes ?? null,
    enabled: row.enabled,
    includeBodies: row.includeBodies,
    disabledReason: row.disabledReason,
    disabledAt: iso(row.disabledAt),
    failingSince: iso(row.failingSince),
    previousSecretExpiresAt: iso(overlap),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** `tx` is the tenant's transaction: RLS makes another tenant's id look missing. */
export async function getWebhookEndpoint(tx: TenantTx, id: string): Promise<WebhookEndpointRow> {
  if (!isUuid(id)) throw new AppError('not_found', 'No such webhook endpoint.');
  const [row] = await tx.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id));
  if (!row) throw new AppError('not_found', 'No such webhook endpoint.');
  return row;
}

export async function listWebhookEndpoints(tx: TenantTx): Promise<WebhookEndpointRow[]> {
  return tx.select().from(webhookEndpoints).orderBy(desc(webhookEndpoints.createdAt));
}
