// The in-process runner: drives the same lib/ functions Inngest drives, from due rows in PostgreSQL.
// Postgres holds all state (leases, claims, next-attempt times), so any number of runners — or a
// runner that died mid-work — converge: the next one finishes what the last one left.
import { syncMailbox } from '@/lib/mailboxes/sync-mailbox';
import { findDueMailboxes } from '@/lib/mailboxes/find-due-mailboxes';
import { claimDueOutboxEvents, markOutboxEventDispatched, markOutboxEventFailed } from '@/lib/outbox/claim-due-events';
import { processOutboxEvent } from '@/lib/outbox/process-outbox-event';
import { IdleWatchers } from './idle-watchers';
import { periodicTasks } from './periodic-tasks';
import { errorMessage } from '@/lib/errors';

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

type LoopName = 'syncs' | 'outbox' | 'tasks' | 'idle';

export class Runner {
  private readonly syncing = new Map<string, Promise<void>>();
  private readonly busyTasks = new Set<string>();
  // Each kind of work has its own loop, so a long outbox backlog never holds up new syncs (and back).
  private readonly timers = new Map<LoopName, NodeJS.Timeout>();
  private readonly running = new Set<LoopName>();
  private stopping = false;
  private readonly idle: IdleWatchers;
  private readonly log: (message: string) => void;

  constructor(private readonly opts: RunnerOptions) {
    this.log = opts.log ?? ((m) => process.stderr.write(`[caseflow runner] ${m}\n`));
    this.idle = new IdleWatchers({
      max: opts.idleMax,
      onNewMail: () => this.wake(),
      log: this.log,
      tenantIds: opts.tenantIds,
    });
  }

  start(): void {
    this.log(`started (${this.opts.concurrency} concurrent syncs, IDLE up to ${this.opts.idleMax})`);
    for (const name of ['syncs', 'outbox', 'tasks', 'idle'] as const) this.schedule(name, 0);
  }

  /** Looks for due syncs now (new mail announced, a sync finished, or a test). */
  wake(): void {
    if (!this.stopping && !this.running.has('syncs')) this.schedule('syncs', 0);
  }

  /** Stops taking work, waits for running syncs (their leases are released), closes IDLE connections. */
  async stop(timeoutMs = 25_000): Promise<void> {
    this.stopping = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    await this.idle.closeAll();
    const pending = Promise.allSettled([...this.syncing.values()]);
    await Promise.race([pending, new Promise((r) => setTimeout(r, timeoutMs))]);
    this.log('stopped');
  }

  private schedule(name: LoopName, ms: number) {
    clearTimeout(this.timers.get(name));
    const timer = setTimeout(() => void this.runLoop(name), ms);
    timer.unref?.();
    this.timers.set(name, timer);
  }

  private async runLoop(name: LoopName): Promise<void> {
    if (this.stopping || this.running.has(name)) return;
    this.running.add(name);
    try {
      if (name === 'syncs') await this.startDueSyncs();
      else if (name === 'outbox') await this.processOutbox();
      else if (name === 'tasks') await this.runPeriodicTasks();
      else await this.idle.reconcile();
    } catch (err) {
      this.log(`${name} failed: ${errorMessage(err)}`);
    } finally {
      this.running.delete(name);
      if (!this.stopping) this.schedule(name, this.opts.tickMs ?? 1000);
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
          else if (s.fetched)
            this.log(
              `mailbox ${mailbox.id}: ${s.fetched} fetched, ${s.created} new cases, ${s.appended} replies, ${s.ignored} ignored`,
            );
        })
        .catch((err) => this.log(`mailbox ${mailbox.id}: ${errorMessage(err)}`))
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
          await markOutboxEventFailed(event, errorMessage(err));
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
          this.log(`${task.name} failed: ${errorMessage(err)}`);
        } finally {
          this.busyTasks.delete(task.name);
        }
      }),
    );
  }
}
