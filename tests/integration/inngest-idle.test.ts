// At scale the IMAP IDLE watchers tell Inngest about new mail instead of waking a local runner.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { mailboxes } from '@/db/schema';
import { withTenant } from '@/db/tenancy';
import { startIdleWatchersForInngest } from '@/inngest/start-idle-watchers';
import { startTestEventApi } from '../helpers/inngest-event-api';
import { buildMail } from '../helpers/mail-builder';
import { makeMailbox } from '../helpers/mailbox-fixture';
import { useDovecot } from '../helpers/use-dovecot';
import { useStarted } from '../helpers/use-started';

const dovecot = useDovecot();
const api = useStarted(startTestEventApi, (started) => started.close());

async function waitFor<T>(
  fn: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 15_000,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('IDLE watchers with Inngest configured', () => {
  it('new mail on an IDLE connection sends mailbox/sync.requested to Inngest and marks the mailbox due', async () => {
    const fx = await makeMailbox(
      dovecot,
      { protocol: 'imap', starttls: 'off' },
      { state: 'active', pollIntervalSeconds: 3600, nextSyncAt: new Date(Date.now() + 3600_000) },
    );
    const idle = startIdleWatchersForInngest({ max: 10, tenantIds: [fx.tenant.tenantId], log: () => {} });
    try {
      await waitFor(() => idle.watchers.size > 0);
      await new Promise((r) => setTimeout(r, 500)); // let IDLE start on the freshly opened connection
      expect(api.events.some((e) => e.data.mailboxId === fx.mailboxId)).toBe(false);
      await dovecot.append(fx.user, [buildMail({ from: 'c@example.org', to: fx.address, subject: 'Ping', text: 'z' })]);
      const event = await waitFor(() => api.events.find((e) => e.data.mailboxId === fx.mailboxId));
      expect(event).toMatchObject({
        name: 'mailbox/sync.requested',
        data: { mailboxId: fx.mailboxId, tenantId: fx.tenant.tenantId, reason: 'idle' },
      });
      expect(event.id).toMatch(new RegExp(`^mailbox-idle-${fx.mailboxId}-\\d+$`));
      const [m] = await withTenant(fx.tenant.tenantId, (tx) =>
        tx.select().from(mailboxes).where(eq(mailboxes.id, fx.mailboxId)),
      );
      expect(m.nextSyncAt!.getTime()).toBeLessThanOrEqual(Date.now());
      // Nothing synced here: Inngest runs the sync.
      expect(await dovecot.count(fx.user)).toBe(1);
    } finally {
      await idle.stop();
    }
  });
});
