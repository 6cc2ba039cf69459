// The tenant's notice that the circuit breaker tripped for a sender: one audit entry per sender and
// mailbox per flood window (so a flood of 500 messages is one notice, not 480).
import { sql } from 'drizzle-orm';
import type { TenantTx } from '@/db/tenancy';
import { queryRows } from '@/db/rows';
import { recordAudit } from '@/lib/audit/record-audit';
import { FLOOD_THRESHOLD, FLOOD_WINDOW_MINUTES } from './ack-limits';

export const CIRCUIT_BREAKER_ACTION = 'acknowledgement.circuit_breaker_tripped';

export function circuitBreakerNotice(sender: string): string {
  return `Circuit breaker tripped for ${sender}: more than ${FLOOD_THRESHOLD} messages in ${FLOOD_WINDOW_MINUTES} minutes. New messages from this sender are stored but get no acknowledgement.`;
}

/** Records the trip unless one was recorded for this sender and mailbox within the window; true when it recorded one. */
export async function noteCircuitBreakerTrip(
  tx: TenantTx,
  {
    tenantId,
    mailboxId,
    sender,
    now = new Date(),
  }: { tenantId: string; mailboxId: string; sender: string; now?: Date },
): Promise<boolean> {
  const address = sender.trim().toLowerCase();
  const since = new Date(now.getTime() - FLOOD_WINDOW_MINUTES * 60_000);
  const recent = await queryRows<{ one: number }>(
    tx,
    sql`select 1 as one from audit_log
        where action = ${CIRCUIT_BREAKER_ACTION}
          and details->>'sender' = ${address} and details->>'mailboxId' = ${mailboxId}
          and (details->>'at')::timestamptz > ${since.toISOString()}::timestamptz
          and (details->>'at')::timestamptz <= ${now.toISOString()}::timestamptz
        limit 1`,
  );
  if (recent.length > 0) return false;
  await recordAudit(tx, {
    by: { tenantId, actor: { kind: 'system' } },
    action: CIRCUIT_BREAKER_ACTION,
    target: { type: 'mailbox', id: mailboxId },
    details: {
      sender: address,
      mailboxId,
      at: now.toISOString(),
      threshold: FLOOD_THRESHOLD,
      windowMinutes: FLOOD_WINDOW_MINUTES,
      notice: circuitBreakerNotice(address),
    },
  });
  return true;
}
