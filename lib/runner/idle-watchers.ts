// IMAP IDLE: one connection per active IMAP mailbox (bounded), asking for a sync as soon as the
// server announces new mail. Polling stays the fallback: a watcher that fails just backs off.
import { and, eq, inArray } from 'drizzle-orm';
import type { ImapFlow } from 'imapflow';
import { mailboxes } from '@/db/schema';
import { withSystem } from '@/db/tenancy';
import { connectImap } from '@/lib/mailboxes/connect-imap';
import { requestMailboxSync } from '@/lib/mailboxes/find-due-mailboxes';
import type { MailboxRow } from '@/lib/mailboxes/get-mailbox';
import { incomingSecret } from '@/lib/mailboxes/incoming-secret';
import { errorMessage } from '@/lib/errors';

const RECONCILE_MS = 30_000;
const FAILURE_BACKOFF_MS = 5 * 60_000;
const RECONNECT_DELAY_MS = 10_000;

type Watcher = { client?: ImapFlow; closed: boolean; settings: string };

/**
 * What the watcher's connection depends on. Not `updatedAt`: every sync, lease and sync request
 * touches the row, and a watcher closed and reopened after each of them churns for nothing.
 */
function connectionSettings(m: MailboxRow): string {
  return JSON.stringify([
    m.protocol,
    m.host,
    m.port,
    m.starttls,
    m.tlsVerify,
    m.username,
    m.folder,
    m.authMethod,
    m.passwordSealed,
    m.oauthProvider,
    m.oauthClientId,
    m.oauthTokenUrl,
  ]);
}

export class IdleWatchers {
  private readonly watchers = new Map<string, Watcher>();
  private readonly backoffUntil = new Map<string, number>();
  private lastReconcile = 0;

  constructor(
    private readonly opts: {
      max: number;
      /** Called after a sync was requested, so the runner looks for due work at once (or, at scale, Inngest is told). */
      onNewMail: (mailboxId: string, tenantId: string) => void;
      log: (message: string) => void;
      /** Test hook: extra CA for the test server. */
      ca?: string | Buffer;
      reconcileMs?: number;
      /** Wait before reconnecting a watcher whose connection closed (default 10 s; tests shorten it). */
      reconnectDelayMs?: number;
      tenantIds?: string[];
    },
  ) {}

  get size(): number {
    return this.watchers.size;
  }

  /** Starts watchers for active IMAP mailboxes, stops those no longer wanted. Cheap to call often. */
  async reconcile(force = false): Promise<void> {
    if (this.opts.max <= 0) return;
    const now = Date.now();
    if (!force && now - this.lastReconcile < (this.opts.reconcileMs ?? RECONCILE_MS)) return;
    this.lastReconcile = now;
    const wanted = await withSystem((tx) =>
      tx
        .select()
        .from(mailboxes)
        .where(
          and(
            eq(mailboxes.state, 'active'),
            inArray(mailboxes.protocol, ['imap', 'imaps']),
            this.opts.tenantIds ? inArray(mailboxes.tenantId, this.opts.tenantIds) : undefined,
          ),
        )
        .orderBy(mailboxes.createdAt)
        .limit(this.opts.max),
    );
    const wantedById = new Map(wanted.map((m) => [m.id, m]));
    for (const [id, watcher] of this.watchers) {
      const row = wantedById.get(id);
      // Gone, paused, or its connection settings changed: close (and reopen below with the new settings).
      if (!row || connectionSettings(row) !== watcher.settings) this.close(id);
    }
    for (const row of wanted) {
      if (this.watchers.has(row.id) || (this.backoffUntil.get(row.id) ?? 0) > now) continue;
      void this.watch(row);
    }
  }

  async closeAll(): Promise<void> {
    for (const id of [...this.watchers.keys()]) this.close(id);
  }

  /** Closes the mailbox's watcher (only `only`, when given: a newer watcher for the mailbox stays). */
  private close(id: string, only?: Watcher) {
    const watcher = this.watchers.get(id);
    if (!watcher || (only && watcher !== only)) return;
    this.watchers.delete(id);
    watcher.closed = true;
    watcher.client?.close();
  }

  private async watch(mailbox: MailboxRow): Promise<void> {
    const watcher: Watcher = { closed: false, settings: connectionSettings(mailbox) };
    this.watchers.set(mailbox.id, watcher);
    try {
      const client = await connectImap(mailbox, await incomingSecret(mailbox), {
        ca: this.opts.ca,
        socketTimeoutMs: 30 * 60_000,
      });
      watcher.client = client;
      if (watcher.closed) return client.close();
      if (!client.capabilities.has('IDLE')) {
        this.opts.log(`mailbox ${mailbox.id}: no IDLE on the server, polling only`);
        this.backoffUntil.set(mailbox.id, Date.now() + 24 * 3600_000);
        return this.close(mailbox.id, watcher);
      }
      const requestSync = () =>
        requestMailboxSync(mailbox.id).then(
          () => this.opts.onNewMail(mailbox.id, mailbox.tenantId),
          (err) => this.opts.log(`mailbox ${mailbox.id}: could not request a sync (${errorMessage(err)}); polling`),
        );
      client.on('exists', (update: { count: number; prevCount: number }) => {
        if (update.count <= update.prevCount) return; // our own deletions, not new mail
        requestSync();
      });
      client.on('close', () => {
        if (watcher.closed) return;
        // Cut by the server or the network (a restart, a kick): not a failure of IDLE. A later
        // reconcile reconnects, and the connect looks at the folder again (below).
        watcher.closed = true;
        this.close(mailbox.id, watcher);
        this.backoffUntil.set(mailbox.id, Date.now() + (this.opts.reconnectDelayMs ?? RECONNECT_DELAY_MS));
      });
      const opened = await client.mailboxOpen(mailbox.folder, { readOnly: true });
      // Look before waiting: mail that arrived while we were not connected (server start, a
      // reconnect) is synced now, not at the next poll. IDLE only reports what arrives later.
      if (opened.exists > 0) requestSync();
      while (!watcher.closed) {
        // IDLE ends when the server sends something or after imapflow's own limit; start it again.
        await client.idle();
      }
    } catch (err) {
      if (!watcher.closed) {
        this.opts.log(`mailbox ${mailbox.id}: IDLE unavailable (${errorMessage(err)}); polling`);
        this.backoffUntil.set(mailbox.id, Date.now() + FAILURE_BACKOFF_MS);
        this.close(mailbox.id, watcher);
      }
    }
  }
}
