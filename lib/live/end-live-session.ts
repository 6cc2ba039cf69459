// Signing out closes the session's open live streams at once, on every app instance (through NOTIFY).
import { sql } from 'drizzle-orm';
import { withSystem } from '@/db/tenancy';
import { LIVE_CHANNEL } from './live-notification';

export async function endLiveSession(sessionKey: string | null): Promise<void> {
  if (!sessionKey) return;
  await withSystem((tx) => tx.execute(sql`select pg_notify(${LIVE_CHANNEL}, ${JSON.stringify({ s: sessionKey })})`));
}
