// Signing out closes the session's open live streams at once, on every app instance (through NOTIFY).
import { sql } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { withSystem } from '@/db/tenancy';
import { LIVE_CHANNEL } from './live-notification';

export async function endLiveSession(sessionKey: string | null): Promise<void> {
  if (!sessionKey) return;
  await withSystem((tx) => tx.execute(sql`select pg_notify(${LIVE_CHANNEL}, ${JSON.stringify({ s: sessionKey })})`));
}

/**
 * Closes every open stream of a user (or only those on `tenantId`), on every instance. Runs in the caller's
 * transaction: NOTIFY is sent at commit, so a rolled-back revocation closes nothing.
 */
export async function endUserLiveStreams(tx: Tx, { userId, tenantId }: { userId: string; tenantId?: string }) {
  const payload = JSON.stringify(tenantId ? { u: userId, t: tenantId } : { u: userId });
  await tx.execute(sql`select pg_notify(${LIVE_CHANNEL}, ${payload})`);
}
