// The change feed is for catching up after a reconnect, not an archive: a day of it is kept, and always
// each tenant's newest event (its id is the tenant's change stamp for conditional requests).
import { sql } from 'drizzle-orm';
import { withSystem } from '@/db/tenancy';

export const LIVE_EVENT_RETENTION = '1 day';

export async function pruneLiveEvents(): Promise<void> {
  await withSystem((tx) =>
    tx.execute(sql`
      delete from live_events e
      where e.created_at < now() - ${LIVE_EVENT_RETENTION}::interval
        and e.id < (select max(l.id) from live_events l where l.tenant_id = e.tenant_id)`),
  );
}
