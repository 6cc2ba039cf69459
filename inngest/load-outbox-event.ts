// One outbox row by id, read as its tenant (row-level security): an event naming another tenant finds nothing.
import { eq } from 'drizzle-orm';
import { outboxEvents } from '@/db/schema';
import { withTenant } from '@/db/tenancy';
import type { OutboxEvent } from '@/lib/outbox/consumers';

export async function loadOutboxEvent(tenantId: string, outboxEventId: string): Promise<OutboxEvent | null> {
  const [row] = await withTenant(tenantId, (tx) =>
    tx.select().from(outboxEvents).where(eq(outboxEvents.id, outboxEventId)),
  );
  return row ?? null;
}
