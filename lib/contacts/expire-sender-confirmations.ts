// Held messages whose sender did not confirm within the mailbox's confirmationExpiryDays (counted from
// the latest request) are marked expired: the link no longer confirms them, and they stay in the review
// queue, releasable by an agent (or asked again with "Resend confirmation"). One statement, run by the
// runner on every tick (lib/runner/periodic-tasks.ts); confirming also checks the time itself.
import { sql } from 'drizzle-orm';
import { withSystem } from '@/db/tenancy';
import { queryRows } from '@/db/rows';

export async function expireSenderConfirmations(now = new Date()): Promise<{ expired: number }> {
  const rows = await withSystem((tx) =>
    queryRows<{ id: string }>(
      tx,
      sql`update ignored_messages i set confirmation_status = 'expired'
          from mailboxes m
          where m.id = i.mailbox_id
            and i.confirmation_status in ('pending', 'sending', 'sent', 'failed')
            and i.released_case_id is null
            and coalesce(i.confirmation_sent_at, i.created_at)
              < ${now.toISOString()}::timestamptz - make_interval(days => m.confirmation_expiry_days)
          returning i.id`,
    ),
  );
  return { expired: rows.length };
}
