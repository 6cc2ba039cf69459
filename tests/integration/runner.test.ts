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

describe('the in-process runner', () => {
  it('imports a confirmed mailbox and turns a newly appended message into a case with no CLI call', async () => {
    const fx = await makeMailbox(dovecot, { protocol: 'imap', starttls: 'off' }, { pollIntervalSeconds: 5 });
    await dovecot.append(fx.user, [buildMail({ from: 'a@example.org', to: fx.address, subject: 'Old', text: 'x' })]);
    await confirmMailboxImport(fx.tenant.tenantId, fx.mailboxId);
    const runner = new Runner({ concurrency: 2, idleMax: 0, tickMs: 200, log: quiet, tenantIds: [fx.tenant.tenantId] });
    runner.start();
    try {
      await waitFor(async () => {
        const m = await getMailboxRow(fx.tenant.tenantId, fx.mailboxId);
        return m.state === 'active';
      });
      await dovecot.append(fx.user, [
        buildMail({ from: 'b@example.org', to: fx.address, subject: 'Fresh question', text: 'y' }),
      ]);
      const fresh = await waitFor(async () => {
        const rows = await withTenant(fx.tenant.tenantId, (tx) =>
          tx.select().from(cases).where(eq(cases.subject, 'Fresh question')),
        );
        return rows[0];
      });
      expect(fresh).toMatchObject({ status: 'open', imported: false });
      expect(await dovecot.count(fx.user)).toBe(0);
    } finally {
      await runner.stop();
    }
  });

  it('IMAP IDLE asks for a sync as soon as the server announces new mail', async () => {
    const fx = await makeMailbox(
      dovecot,
      { protocol: 'imap', starttls: 'off' },
      { state: 'active', pollIntervalSeconds: 3600, nextSyncAt: new Date(Date.now() + 3600_000) },
    );
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
    const fx = await makeMailbox(
      dovecot,
      { protocol: 'imap', starttls: 'off' },
      { state: 'active', importedAt: new Date(), nextSyncAt: new Date(Date.now() + 3000) },
    );
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
    const runner = new Runner({ concurrency: 1, idleMax: 0, tickMs: 100, log: quiet, tenantIds: [fx.tenant.tenantId] });
    runner.start();
    try {
      await waitFor(
        async () =>
          (
            await withTenant(fx.tenant.tenantId, (tx) =>
              tx.select().from(cases).where(eq(cases.subject, 'Behind the backlog')),
            )
          )[0],
        { timeoutMs: 60_000 },
      );
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
    const a = new Runner({ concurrency: 1, idleMax: 0, tickMs: 50, log: quiet, tenantIds: [tenant.tenantId] });
    const b = new Runner({ concurrency: 1, idleMax: 0, tickMs: 50, log: quiet, tenantIds: [tenant.tenantId] });
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
