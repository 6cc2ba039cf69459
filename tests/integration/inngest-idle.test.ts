// At scale the IMAP IDLE watchers tell Inngest about new mail instead of waking a local runner.
import { describe, expect, it } from 'vitest';
import { startIdleWatchersForInngest } from '@/inngest/start-idle-watchers';
import { startTestEventApi } from '../helpers/inngest-event-api';
import { buildMail } from '../helpers/mail-builder';
import { getMailboxRow, makeMailbox } from '../helpers/mailbox-fixture';
import { useDovecot } from '../helpers/use-dovecot';
import { useStarted } from '../helpers/use-started';
import { waitFor } from '../helpers/wait-for';

const dovecot = useDovecot();
const api = useStarted(startTestEventApi, (started) => started.close());

describe('IDLE watchers with Inngest configured', () => {
  it('new mail on an IDLE connection sends mailbox/sync.requested to Inngest and marks the mailbox due', async () => {
    const fx = await makeMailbox(
      dovecot,
      { protocol: 'imap', starttls: 'off' },
      { state: 'active', pollIntervalSeconds: 3600, nextSyncAt: new Date(Date.now() + 3600_000) },
    );
    const idle = startIdleWatchersForInngest({ max: 10, tenantIds: [fx.tenant.tenantId], log: () => {} });
    try {
      await waitFor(() => idle.watchers.size > 0, { timeoutMs: 15_000 });
      await new Promise((r) => setTimeout(r, 500)); // let IDLE start on the freshly opened connection
      expect(api.events.some((e) => e.data.mailboxId === fx.mailboxId)).toBe(false);
      await dovecot.append(fx.user, [buildMail({ from: 'c@example.org', to: fx.address, subject: 'Ping', text: 'z' })]);
      const event = await waitFor(() => api.events.find((e) => e.data.mailboxId === fx.mailboxId), {
        timeoutMs: 15_000,
      });
      expect(event).toMatchObject({
        name: 'mailbox/sync.requested',
        data: { mailboxId: fx.mailboxId, tenantId: fx.tenant.tenantId, reason: 'idle' },
      });
      expect(event.id).toMatch(new RegExp(`^mailbox-idle-${fx.mailboxId}-\\d+$`));
      const m = await getMailboxRow(fx.tenant.tenantId, fx.mailboxId);
      expect(m.nextSyncAt!.getTime()).toBeLessThanOrEqual(Date.now());
      // Nothing synced here: Inngest runs the sync.
      expect(await dovecot.count(fx.user)).toBe(1);
    } finally {
      await idle.stop();
    }
  });
});
