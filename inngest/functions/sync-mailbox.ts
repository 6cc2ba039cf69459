// One mailbox sync per `mailbox/sync.requested`: the same syncMailbox the in-process runner calls.
// One run per mailbox at a time (singleton; syncMailbox's lease guards it as well), a few per tenant
// so one noisy tenant cannot take every slot. Failures that retrying can fix are retried with
// backoff; those that need the owner (wrong password, certificate, missing folder…) stop at once —
// syncMailbox has already put the mailbox in `error` with the reason the owner sees.
import { NonRetriableError } from 'inngest';
import { syncMailbox, type SyncSummary } from '@/lib/mailboxes/sync-mailbox';
import { syncErrorNeedsOwner } from '@/lib/mailboxes/sync-error';
import { inngest } from '../client';
import { mailboxSyncRequested, outboxDispatchRequested } from '../events';
import { pickSyncCounts, type SyncCounts } from '@/lib/mailboxes/sync-counts';

/** Concurrent syncs per tenant. */
export const SYNC_CONCURRENCY_PER_TENANT = 4;

/** What a step may carry: counts and codes. Never subjects, bodies, addresses or credentials. */
export type SyncStepResult = SyncCounts & {
  mailboxId: string;
  state: SyncSummary['state'];
  skipped: SyncSummary['skipped'] | null;
  remaining: number;
  import: { processed: number; total: number | null; done: boolean } | null;
  errorCode: string | null;
};

function toStepResult(s: SyncSummary): SyncStepResult {
  return {
    mailboxId: s.mailboxId,
    state: s.state,
    skipped: s.skipped ?? null,
    ...pickSyncCounts(s),
    remaining: s.remaining,
    import: s.import ? { processed: s.import.processed, total: s.import.total, done: s.import.done } : null,
    errorCode: s.error?.code ?? null,
  };
}

export const syncMailboxFunction = inngest.createFunction(
  {
    id: 'sync-mailbox',
    name: 'Sync a mailbox',
    triggers: [{ event: mailboxSyncRequested }],
    singleton: { key: 'event.data.mailboxId', mode: 'skip' },
    concurrency: [{ key: 'event.data.tenantId', limit: SYNC_CONCURRENCY_PER_TENANT }],
    retries: 5,
  },
  async ({ event, step }) => {
    const { mailboxId, tenantId, reason } = event.data;
    const result = await step.run('sync', async () => {
      const summary = await syncMailbox(mailboxId, { trigger: `inngest:${reason}` });
      const code = summary.error?.code;
      // Retrying here (not after the step) makes Inngest run the sync again rather than replay this result.
      if (code && !syncErrorNeedsOwner(code) && code !== 'lease-lost') {
        throw new Error(`Mailbox sync failed (${code}): ${summary.error!.message}`);
      }
      return toStepResult(summary);
    });

    if (result.errorCode && syncErrorNeedsOwner(result.errorCode)) {
      throw new NonRetriableError(
        result.errorCode === 'auth'
          ? 'The mail server rejected the mailbox credentials; the mailbox is in error until its owner updates them.'
          : `The mailbox needs its owner (${result.errorCode}); it is in error with the reason shown in its settings.`,
      );
    }

    const stored = result.created + result.appended + result.ignored + result.quarantined;
    if (stored > 0) {
      // The outbox rows this sync committed go out now rather than at the next minute's dispatch.
      await step.sendEvent('request-outbox-dispatch', outboxDispatchRequested.create({ tenantId, reason: 'sync' }));
    }
    return result;
  },
);
