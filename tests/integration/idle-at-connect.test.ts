// IMAP IDLE only reports mail that arrives while the connection waits. Mail already in the folder when
// a watcher connects (the server just started, or the connection was cut and comes back) used to wait
// a whole poll interval: a message delivered 5 s after `npm start` appeared 61 s later. The watcher now
// looks at the folder when it connects and asks for a sync at once. The poll interval here is an hour,
// so only that look can turn these messages into cases within the test's bound.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { cases } from '@/db/schema';
import { withTenant } from '@/db/tenancy';
import { IdleWatchers } from '@/lib/runner/idle-watchers';
import { Runner } from '@/lib/runner/runner';
import { buildMail } from '../helpers/mail-builder';
import { makeMailbox, type MailboxFixture } from '../helpers/mailbox-fixture';
import { useDovecot } from '../helpers/use-dovecot';
import { waitFor } from '../helpers/wait-for';

const dovecot = useDovecot();

const HOUR = 3600;
// Far below the hour the poll would take, far above what a first sync (message workers starting) takes on a
// loaded machine.
const BOUND_MS = 60_000;
const quiet = () => {};
const until = <T>(what: string, fn: () => Promise<T | undefined | false>) => waitFor(fn, { what, timeoutMs: BOUND_MS });

/** An active mailbox whose next poll is an hour away. */
function quietMailbox(): Promise<MailboxFixture> {
  return makeMailbox(
    dovecot,
    { protocol: 'imap', starttls: 'off' },
    {
      state: 'active',
      importedAt: new Date(),
      pollIntervalSeconds: HOUR,
      nextSyncAt: new Date(Date.now() + HOUR * 1000),
    },
  );
}

async function caseWithSubject(fx: MailboxFixture, subject: string) {
  const rows = await withTenant(fx.tenant.tenantId, (tx) => tx.select().from(cases).where(eq(cases.subject, subject)));
  return rows[0];
}

describe('IMAP IDLE looks at the folder before it waits', { timeout: 2 * BOUND_MS }, () => {
  it('a message that was in the folder before the watcher connected becomes a case without waiting for the poll', async () => {
    const fx = await quietMailbox();
    await dovecot.append(fx.user, [
      buildMail({ from: 'early@example.org', to: fx.address, subject: 'Sent while the server started', text: 'x' }),
    ]);
    const runner = new Runner({
      concurrency: 1,
      idleMax: 10,
      tickMs: 200,
      log: quiet,
      tenantIds: [fx.tenant.tenantId],
    });
    const started = Date.now();
    runner.start();
    try {
      const found = await until('the case', () => caseWithSubject(fx, 'Sent while the server started'));
      expect(found).toMatchObject({ status: 'open', imported: false });
      expect(Date.now() - started).toBeLessThan(BOUND_MS);
      expect(await dovecot.count(fx.user)).toBe(0);
    } finally {
      await runner.stop();
    }
  });

  it('after its connection is cut, the watcher reconnects and syncs what arrived meanwhile', async () => {
    const fx = await quietMailbox();
    const runner = new Runner({ concurrency: 1, idleMax: 0, tickMs: 200, log: quiet, tenantIds: [fx.tenant.tenantId] });
    // Long enough that the message below is in the folder before the watcher is back, so no EXISTS
    // announces it: only the look at connect can find it.
    const reconnectDelayMs = 1500;
    const watchers = new IdleWatchers({
      max: 10,
      onNewMail: () => runner.wake(),
      log: quiet,
      tenantIds: [fx.tenant.tenantId],
      reconcileMs: 100,
      reconnectDelayMs,
    });
    runner.start();
    let reconcile: Promise<void> = Promise.resolve();
    const reconciling = setInterval(() => (reconcile = watchers.reconcile().catch(() => {})), 100);
    try {
      // The watcher works: a message delivered while it waits becomes a case.
      await until('a watcher', async () => watchers.size > 0 && (await new Promise((r) => setTimeout(r, 500)), true));
      await dovecot.append(fx.user, [
        buildMail({ from: 'live@example.org', to: fx.address, subject: 'While connected', text: 'y' }),
      ]);
      await until('the first case', () => caseWithSubject(fx, 'While connected'));

      // Cut: the server drops the session; mail arrives while nobody watches.
      await dovecot.kick(fx.user);
      await until('the watcher to notice the cut', async () => watchers.size === 0);
      const cutAt = Date.now();
      await dovecot.append(fx.user, [
        buildMail({ from: 'gap@example.org', to: fx.address, subject: 'While disconnected', text: 'z' }),
      ]);
      expect(Date.now() - cutAt).toBeLessThan(reconnectDelayMs); // delivered before the watcher could be back
      const found = await until('the case from the gap', () => caseWithSubject(fx, 'While disconnected'));
      expect(found).toMatchObject({ status: 'open', imported: false });
      expect(watchers.size).toBe(1);
    } finally {
      clearInterval(reconciling);
      await reconcile;
      await watchers.closeAll();
      await runner.stop();
    }
  });
});
