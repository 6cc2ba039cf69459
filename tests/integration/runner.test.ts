// The in-process runner drives the engine by itself from due rows.
import { eq, isNull } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { cases, outboxEvents } from '@/db/schema';
import { withTenant } from '@/db/tenancy';
import { confirmMailboxImport } from '@/lib/mailboxes/confirm-import';
import { enqueueEvent } from '@/lib/outbox/enqueue-event';
import { registerOutboxConsumer } from '@/lib/outbox/consumers';
import { Runner } from '@/lib/runner/runner';
import { IdleWatchers } from '@/lib/runner/idle-watchers';
import { buildMail } from '../helpers/mail-builder';
import { getMailboxRow, makeMailbox } from '../helpers/mailbox-fixture';
import { makeTenant } from '../helpers/tenant';
import { useDovecot } from '../helpers/use-dovecot';
import { waitFor } from '../helpers/wait-for';

const dovecot = useDovecot();

const quiet = () => {};

/** A Dovecot IMAP mailbox with the given row columns. */
const imapMailbox = (row: Parameters<typeof makeMailbox>[2] = {}) =>
  makeMailbox(dovecot, { protocol: 'imap', starttls: 'off' }, row);

/** A quiet runner with no IDLE watchers that works only for `tenantId`. */
const runnerFor = (tenantId: string, opts: { concurrency: number; tickMs: number }) =>
  new Runner({ ...opts, idleMax: 0, log: quiet, tenantIds: [tenantId] });

/** The tenant's case with that subject, once there is one. */
const caseWithSubject = (tenantId: string, subject: string, wait?: Parameters<typeof waitFor>[1]) =>
  waitFor(
    async () => (await withTenant(tenantId, (tx) => tx.select().from(cases).where(eq(cases.subject, subject))))[0],
    wait,
  );

describe('the in-process runner', () => {
  it('imports a confirmed mailbox and turns a newly appended message into a case with no CLI call', async () => {
    const fx = await imapMailbox({ pollIntervalSeconds: 5 });
    await dovecot.append(fx.user, [buildMail({ from: 'a@example.org', to: fx.address, subject: 'Old', text: 'x' })]);
    await confirmMailboxImport(fx.tenant.tenantId, fx.mailboxId);
    const runner = runnerFor(fx.tenant.tenantId, { concurrency: 2, tickMs: 200 });
    runner.start();
    try {
      await waitFor(async () => {
        const m = await getMailboxRow(fx.tenant.tenantId, fx.mailboxId);
        return m.state === 'active';
      });
      await dovecot.append(fx.user, [
        buildMail({ from: 'b@example.org', to: fx.address, subject: 'Fresh question', text: 'y' }),
      ]);
      const fresh = await caseWithSubject(fx.tenant.tenantId, 'Fresh question');
      expect(fresh).toMatchObject({ status: 'open', imported: false });
      expect(await dovecot.count(fx.user)).toBe(0);
    } finally {
      await runner.stop();
    }
  });

  it('IMAP IDLE asks for a sync as soon as the server announces new mail', async () => {
    const fx = await imapMailbox({
      state: 'active',
      pollIntervalSeconds: 3600,
      nextSyncAt: new Date(Date.now() + 3600_000),
    });
    const announced: string[] = [];
    const watchers = new IdleWatchers({
      max: 10,
      onNewMail: (id) => announced.push(id),
      log: quiet,
      tenantIds: [fx.tenant.tenantId],
    });
    try {
      await watchers.reconcile(true);
      await waitFor(async () => watchers.size > 0 && (await new Promise((r) => setTimeout(r, 500)), true));
      await dovecot.append(fx.user, [buildMail({ from: 'c@example.org', to: fx.address, subject: 'Ping', text: 'z' })]);
      await waitFor(async () => announced.includes(fx.mailboxId), { timeoutMs: 15_000 });
      const m = await getMailboxRow(fx.tenant.tenantId, fx.mailboxId);
      expect(m.nextSyncAt!.getTime()).toBeLessThanOrEqual(Date.now());
    } finally {
      await watchers.closeAll();
    }
  });

  it('a long outbox backlog does not hold up new syncs', async () => {
    // Not due yet when the runner starts: it becomes due while the backlog is being worked.
    const fx = await imapMailbox({ state: 'active', importedAt: new Date(), nextSyncAt: new Date(Date.now() + 3000) });
    registerOutboxConsumer({
      name: `slow-consumer-${fx.tenant.tenantId}`,
      handles: (e) => e.tenantId === fx.tenant.tenantId && e.type === 'message.received',
      handle: () => new Promise((r) => setTimeout(r, 20)),
    });
    await withTenant(fx.tenant.tenantId, async (tx) => {
      for (let i = 0; i < 1500; i++) await enqueueEvent(tx, fx.tenant.tenantId, 'message.received', { i });
    });
    await dovecot.append(fx.user, [
      buildMail({ from: 'q@example.org', to: fx.address, subject: 'Behind the backlog', text: 'x' }),
    ]);
    const runner = runnerFor(fx.tenant.tenantId, { concurrency: 1, tickMs: 100 });
    runner.start();
    try {
      await caseWithSubject(fx.tenant.tenantId, 'Behind the backlog', { timeoutMs: 60_000 });
      const pending = await withTenant(fx.tenant.tenantId, (tx) =>
        tx.select({ id: outboxEvents.id }).from(outboxEvents).where(isNull(outboxEvents.dispatchedAt)),
      );
      expect(pending.length).toBeGreaterThan(750); // the case came while most of the backlog was still waiting
    } finally {
      await runner.stop();
    }
  });

  it('two runners against one database never process an outbox row twice', async () => {
    const tenant = await makeTenant('outbox');
    const seen: string[] = [];
    registerOutboxConsumer({
      name: `test-recorder-${tenant.tenantId}`,
      handles: (e) => e.tenantId === tenant.tenantId,
      handle: async (e) => {
        seen.push(e.id);
        await new Promise((r) => setTimeout(r, 2));
      },
    });
    const ids = await withTenant(tenant.tenantId, async (tx) => {
      const out: string[] = [];
      for (let i = 0; i < 150; i++) out.push(await enqueueEvent(tx, tenant.tenantId, 'message.received', { i }));
      return out;
    });
    const a = runnerFor(tenant.tenantId, { concurrency: 1, tickMs: 50 });
    const b = runnerFor(tenant.tenantId, { concurrency: 1, tickMs: 50 });
    a.start();
    b.start();
    try {
      await waitFor(async () => ids.every((id) => seen.includes(id)));
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
    expect(seen.filter((id) => ids.includes(id)).length).toBe(150);
    expect(new Set(seen).size).toBe(seen.length);
  });
});
