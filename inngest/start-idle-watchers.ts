// At scale (Inngest configured) `npm run worker` keeps only the IMAP IDLE connections: new mail marks
// the mailbox due in PostgreSQL and sends `mailbox/sync.requested`, and Inngest runs the sync. If the
// send fails, or the sync function skips the request because a sync is already running, the mailbox
// stays due and the next minute's poll asks again.
import { env } from '@/lib/env';
import { IdleWatchers } from '@/lib/runner/idle-watchers';
import { inngest } from './client';
import { mailboxSyncRequested } from './events';
import { errorMessage } from '@/lib/errors';

const RECONCILE_TICK_MS = 5_000;
/** Announcements of one mailbox within this window share an event id, so a burst asks once. */
const BURST_WINDOW_MS = 5_000;

export type IdleToInngest = { watchers: IdleWatchers; stop: () => Promise<void> };

export function startIdleWatchersForInngest(
  opts: {
    log?: (message: string) => void;
    max?: number;
    tenantIds?: string[];
    ca?: string | Buffer;
    reconcileMs?: number;
  } = {},
): IdleToInngest {
  const log = opts.log ?? ((m: string) => process.stderr.write(`[caseflow idle] ${m}\n`));
  const watchers = new IdleWatchers({
    max: opts.max ?? env.IDLE_MAX_CONNECTIONS,
    log,
    tenantIds: opts.tenantIds,
    ca: opts.ca,
    reconcileMs: opts.reconcileMs,
    onNewMail: (mailboxId, tenantId) => {
      const burst = Math.floor(Date.now() / BURST_WINDOW_MS);
      inngest
        .send(
          mailboxSyncRequested.create(
            { mailboxId, tenantId, reason: 'idle' },
            { id: `mailbox-idle-${mailboxId}-${burst}` },
          ),
        )
        .catch((err: unknown) =>
          log(`mailbox ${mailboxId}: could not tell Inngest (${errorMessage(err)}); the poll will pick it up`),
        );
    },
  });
  let stopped = false;
  const reconcile = () => {
    if (stopped) return;
    watchers.reconcile().catch((err: unknown) => log(`IDLE reconcile failed: ${errorMessage(err)}`));
  };
  const timer = setInterval(reconcile, RECONCILE_TICK_MS);
  void watchers.reconcile(true).catch((err: unknown) => log(`IDLE reconcile failed: ${errorMessage(err)}`));
  return {
    watchers,
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await watchers.closeAll();
    },
  };
}
