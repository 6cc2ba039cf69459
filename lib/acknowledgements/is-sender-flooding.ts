// The per-sender circuit breaker: more than FLOOD_THRESHOLD inbound messages from one sender to one
// mailbox in FLOOD_WINDOW_MINUTES. Used by the acknowledgement sender (no acknowledgement) and by
// ingestion (no new case: the message is still stored), whose decision (circuitBreakerStops) the rules
// simulator makes too.
//
// Counts what is already stored in the window (now − 10 min, now]: history entries of cases of this
// mailbox and ignored rows of this mailbox, by their storage time. Called before the current message
// is stored, it answers "has this sender already sent more than 20?"; called after (as the
// acknowledgement sender does), the current message counts too.
import { sql } from 'drizzle-orm';
import type { TenantTx } from '@/db/tenancy';
import { queryRows } from '@/db/rows';
import { FLOOD_THRESHOLD, FLOOD_WINDOW_MINUTES } from './ack-limits';

export type FloodCheck = { mailboxId: string; sender: string; now?: Date };

export async function countRecentInbound(
  tx: TenantTx,
  { mailboxId, sender, now = new Date() }: FloodCheck,
  cap = FLOOD_THRESHOLD + 1,
): Promise<number> {
  const address = sender.trim().toLowerCase();
  const since = new Date(now.getTime() - FLOOD_WINDOW_MINUTES * 60_000);
  const [row] = await queryRows<{ n: number | string }>(
    tx,
    sql`select count(*) as n from (
          (select 1 from case_messages cm join cases c on c.id = cm.case_id
            where cm.from_address = ${address} and cm.direction = 'in'
              and cm.created_at > ${since.toISOString()}::timestamptz and cm.created_at <= ${now.toISOString()}::timestamptz
              and c.mailbox_id = ${mailboxId}
            limit ${cap})
          union all
          (select 1 from ignored_messages im
            where im.from_address = ${address} and im.mailbox_id = ${mailboxId}
              and im.created_at > ${since.toISOString()}::timestamptz and im.created_at <= ${now.toISOString()}::timestamptz
            limit ${cap})
        ) recent`,
  );
  return Number(row?.n ?? 0);
}

export async function isSenderFlooding(tx: TenantTx, check: FloodCheck): Promise<boolean> {
  return (await countRecentInbound(tx, check)) > FLOOD_THRESHOLD;
}

/** What ingestion does with a new message the breaker stops: it is stored as ignored, no case opens. */
export const CIRCUIT_BREAKER_OUTCOME = { outcome: 'ignored', kind: 'normal', reason: 'circuit-breaker' } as const;

/**
 * Ingestion's decision for a new message (no case to join): the breaker stops it when it has a sender, is
 * not imported, and more than FLOOD_THRESHOLD messages from that sender are already stored in the window.
 * `storedInWindow` gives that count (a sync's preloaded one, or countRecentInbound); it is not asked otherwise.
 */
export async function circuitBreakerStops(p: {
  sender: string | undefined;
  imported: boolean;
  storedInWindow: (sender: string) => Promise<number>;
}): Promise<boolean> {
  if (!p.sender || p.imported) return false;
  return (await p.storedInWindow(p.sender)) > FLOOD_THRESHOLD;
}

/** The same count for many senders in one query (a sync batch): sender → messages stored in the window, capped. */
export async function countRecentInboundBySender(
  tx: TenantTx,
  { mailboxId, senders, now = new Date() }: { mailboxId: string; senders: string[]; now?: Date },
): Promise<Map<string, number>> {
  const addresses = [...new Set(senders.map((s) => s.trim().toLowerCase()))];
  const counts = new Map(addresses.map((a) => [a, 0]));
  if (!addresses.length) return counts;
  const since = new Date(now.getTime() - FLOOD_WINDOW_MINUTES * 60_000);
  const list = sql.join(
    addresses.map((a) => sql`${a}`),
    sql`, `,
  );
  const rows = await queryRows<{ sender: string; n: number | string }>(
    tx,
    sql`select sender, count(*) as n from (
          select cm.from_address as sender from case_messages cm join cases c on c.id = cm.case_id
            where cm.from_address in (${list}) and cm.direction = 'in'
              and cm.created_at > ${since.toISOString()}::timestamptz and cm.created_at <= ${now.toISOString()}::timestamptz
              and c.mailbox_id = ${mailboxId}
          union all
          select im.from_address from ignored_messages im
            where im.from_address in (${list}) and im.mailbox_id = ${mailboxId}
              and im.created_at > ${since.toISOString()}::timestamptz and im.created_at <= ${now.toISOString()}::timestamptz
        ) recent group by sender`,
  );
  for (const r of rows) counts.set(r.sender, Number(r.n));
  return counts;
}
