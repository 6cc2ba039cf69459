// Every minute: the mailboxes due by their own interval (not draft/paused/needs_reauth, not being
// synced) each get a `mailbox/sync.requested`. The event id names the mailbox and the minute, so a
// retried or doubled poll asks Inngest for each sync once.
import { cron } from 'inngest';
import { findDueMailboxes } from '@/lib/mailboxes/find-due-mailboxes';
import { inngest } from '../client';
import { cronScope, mailboxSyncRequested } from '../events';

/** Mailboxes asked for per poll; the rest stay due and are found by the next one. */
export const POLL_FAN_OUT_LIMIT = 5000;
/** Events per send (well under Inngest's request size limit with these small payloads). */
const SEND_CHUNK = 500;

export const pollMailboxes = inngest.createFunction(
  {
    id: 'poll-mailboxes',
    name: 'Poll due mailboxes',
    triggers: [cron('* * * * *')],
    concurrency: { limit: 1 },
    retries: 2,
  },
  async ({ event, step }) => {
    const tenantIds = cronScope(event.data);
    const due = await step.run('find-due-mailboxes', async () =>
      (await findDueMailboxes(POLL_FAN_OUT_LIMIT, tenantIds)).map((m) => ({ id: m.id, tenantId: m.tenantId })),
    );
    const minute = Math.floor((event.ts ?? Date.now()) / 60_000);
    for (let i = 0; i * SEND_CHUNK < due.length; i++) {
      const chunk = due.slice(i * SEND_CHUNK, (i + 1) * SEND_CHUNK);
      await step.sendEvent(
        `request-syncs-${i}`,
        chunk.map((m) =>
          mailboxSyncRequested.create(
            { mailboxId: m.id, tenantId: m.tenantId, reason: 'poll' },
            { id: `mailbox-sync-${m.id}-${minute}` },
          ),
        ),
      );
    }
    return { requested: due.length };
  },
);
