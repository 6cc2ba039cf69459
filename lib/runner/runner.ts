// The in-process runner: drives the same lib/ functions Inngest drives, from due rows in PostgreSQL.
// Postgres holds all state (leases, claims, next-attempt times), so any number of runners — or a
// runner that died mid-work — converge: the next one finishes what the last one left.
import { syncMailbox } from '@/lib/mailboxes/sync-mailbox';
import { findDueMailboxes } from '@/lib/mailboxes/find-due-mailboxes';
import { claimDueOutboxEvents, markOutboxEventDispatched, markOutboxEventFailed } from '@/lib/outbox/claim-due-events';
import { processOutboxEvent } from '@/lib/outbox/process-outbox-event';
import { IdleWatchers } from './idle-watchers';
import { periodicTasks } from './periodic-tasks';

export type RunnerOptions = {
  /** Concurrent mailbox syncs (RUNNER_CONCURRENCY, default 4). */
  concurrency: number;
  /** Simultaneous IMAP IDLE connections (IDLE_MAX_CONNECTIONS, default 50; 0 disables IDLE). */
  idleMax: number;
  /** How often due rows are looked for. */
  tickMs?: number;
  log?: (message: string) => void;
  /** Only these tenants' work (a dedicated runner; tests). Default: every tenant. */
  tenantIds?: string[];
};

export class Runner {
  private readonly syncing = new Map<string, Promise<void>>();
  private readonly busyTasks = new Set<string>();
  private timer?: NodeJS.Timeout;
  private stopping = false;
  private ticking = false;
  private readonly idle: IdleWatchers;
  private readonly log: (message: string) => void;

  constructor(private readonly opts: RunnerOptions) {
    this.log = opts.log ?? ((m) => process.stderr.write(`[caseflow runner] ${m}\n`));
    this.idle = new IdleWatchers({ max: opts.idleMax, onNewMail: () => this.wake(), log: this.log, tenantIds: opts.tenantIds });
  }

  start(): void {
    this.log(`started (${this.opts.concurrency} concurrent syncs, IDLE up to ${this.opts.idleMax})`);
    this.schedule(0);
  }

  /** Runs a tick now (new mail announced, or a test). */
  wake(): void {
    if (!this.stopping) this.schedule(0);
  }

  /** Stops taking work, waits for running syncs (their leases are released), closes IDLE connections. */
  async stop(timeoutMs = 25_000): Promise<void> {
    this.stopping = true;
    clearTimeout(this.timer);
    await this.idle.closeAll();
    const pending = Promise.allSettled([...this.syncing.values()]);
    await Promise.race([pending, new Promise((r) => setTimeout(r, timeoutMs))]);
    this.log('stopped');
  }

  private schedule(ms: number) {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), ms);
    this.timer.unref?.();
  }

  private async tick(): Promise<void> {
    if (this.stopping || this.ticking) return;
    this.ticking = true;
    try {
      await Promise.all([this.startDueSyncs(), this.processOutbox(), this.runPeriodicTasks(), this.idle.reconcile()]);
    } catch (err) {
      this.log(`tick failed: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      this.ticking = false;
      if (!this.stopping) this.schedule(this.opts.tickMs ?? 1000);
    }
  }

  private async startDueSyncs(): Promise<void> {
    const free = this.opts.concurrency - this.syncing.size;
    const due = await findDueMailboxes(free + this.syncing.size, this.opts.tenantIds);
    for (const mailbox of due) {
      if (this.syncing.size >= this.opts.concurrency) break;
      if (this.syncing.has(mailbox.id)) continue;
      const run = syncMailbox(mailbox.id, { trigger: 'runner', untilEmpty: mailbox.state === 'importing' })
        .then((s) => {
          if (s.error) this.log(`mailbox ${mailbox.id}: ${s.error.code}`);
          else if (s.fetched) this.log(`mailbox ${mailbox.id}: ${s.fetched} fetched, ${s.created} new cases, ${s.appended} replies, ${s.ignored} ignored`);
        })
        .catch((err) => this.log(`mailbox ${mailbox.id}: ${err instanceof Error ? err.message : String(err)}`))
        .finally(() => {
          this.syncing.delete(mailbox.id);
          this.wake();
        });
      this.syncing.set(mailbox.id, run);
    }
  }

  private async processOutbox(): Promise<void> {
    for (;;) {
      const events = await claimDueOutboxEvents(50, this.opts.tenantIds);
      for (const event of events) {
        if (this.stopping) return; // claimed rows become due again when the claim expires
        try {
          await processOutboxEvent(event);
          await markOutboxEventDispatched(event.id);
        } catch (err) {
          await markOutboxEventFailed(event, err instanceof Error ? err.message : String(err));
        }
      }
      if (events.length < 50 || this.stopping) return;
    }
  }

  private async runPeriodicTasks(): Promise<void> {
    await Promise.all(
      periodicTasks().map(async (task) => {
        if (this.busyTasks.has(task.name)) return;
        this.busyTasks.add(task.name);
        try {
          await task.run({ tenantIds: this.opts.tenantIds });
        } catch (err) {
          this.log(`${task.name} failed: ${err instanceof Error ? err.message : String(err)}`);
        } finally {
          this.busyTasks.delete(task.name);
        }
      }),
    );
  }
}
