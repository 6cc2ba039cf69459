// The Inngest cron poll fans out `mailbox/sync.requested` for due mailboxes only.
import { InngestTestEngine } from '@inngest/test';
import { describe, expect, it } from 'vitest';
import { mailboxes } from '@/db/schema';
import { withTenant } from '@/db/tenancy';
import { pollMailboxes } from '@/inngest/functions/poll-mailboxes';
import { startTestEventApi } from '../helpers/inngest-event-api';
import { makeTenant } from '../helpers/tenant';
import { useStarted } from '../helpers/use-started';

const api = useStarted(startTestEventApi, (started) => started.close());

type MailboxInsert = typeof mailboxes.$inferInsert;

async function addMailbox(tenantId: string, label: string, extra: Partial<MailboxInsert>): Promise<string> {
  const [row] = await withTenant(tenantId, (tx) =>
    tx
      .insert(mailboxes)
      .values({
        tenantId,
        email: `${label}-${tenantId.slice(0, 8)}@support.test`,
        username: label,
        protocol: 'imap',
        host: '127.0.0.1',
        port: 1,
        ...extra,
      })
      .returning({ id: mailboxes.id }),
  );
  return row.id;
}

const minutesFromNow = (m: number) => new Date(Date.now() + m * 60_000);

function cronEvent(tenantIds: string[], ts = Date.now()) {
  return { name: 'inngest/scheduled.timer', data: { cron: '* * * * *', tenantIds }, ts };
}

describe('the mailbox poll', () => {
  it('requests a sync for due mailboxes only: draft, paused, needs_reauth, not-yet-due and leased ones wait', async () => {
    const tenant = await makeTenant('poll');
    const t = tenant.tenantId;
    const due = {
      neverSynced: await addMailbox(t, 'never', { state: 'active', nextSyncAt: null }),
      pastDue: await addMailbox(t, 'past', { state: 'active', nextSyncAt: minutesFromNow(-2) }),
      importing: await addMailbox(t, 'importing', { state: 'importing', nextSyncAt: minutesFromNow(-1) }),
      errored: await addMailbox(t, 'errored', { state: 'error', nextSyncAt: minutesFromNow(-1) }),
      staleLease: await addMailbox(t, 'stale', {
        state: 'active',
        nextSyncAt: null,
        leaseOwner: 'gone',
        leaseExpiresAt: minutesFromNow(-1),
      }),
    };
    const notDue = {
      draft: await addMailbox(t, 'draft', { state: 'draft', nextSyncAt: null }),
      paused: await addMailbox(t, 'paused', { state: 'paused', nextSyncAt: null }),
      needsReauth: await addMailbox(t, 'reauth', { state: 'needs_reauth', nextSyncAt: null }),
      later: await addMailbox(t, 'later', { state: 'active', nextSyncAt: minutesFromNow(5) }),
      leased: await addMailbox(t, 'leased', {
        state: 'active',
        nextSyncAt: null,
        leaseOwner: 'someone',
        leaseExpiresAt: minutesFromNow(5),
      }),
    };
    const other = await makeTenant('poll-other');
    const otherDue = await addMailbox(other.tenantId, 'other', { state: 'active', nextSyncAt: null });

    const ts = Date.now();
    const before = api.events.length;
    const { result, error } = await new InngestTestEngine({ function: pollMailboxes }).execute({
      events: [cronEvent([t], ts)],
    });
    expect(error).toBeUndefined();
    expect(result).toEqual({ requested: Object.keys(due).length });

    const sent = api.events.slice(before);
    expect(sent.map((e) => e.name)).toEqual(Object.values(due).map(() => 'mailbox/sync.requested'));
    expect(new Set(sent.map((e) => e.data.mailboxId))).toEqual(new Set(Object.values(due)));
    for (const e of sent) expect(e.data).toMatchObject({ tenantId: t, reason: 'poll' });
    for (const id of [...Object.values(notDue), otherDue])
      expect(sent.some((e) => e.data.mailboxId === id)).toBe(false);
    // One id per mailbox per minute: Inngest drops a repeated request within the minute.
    const minute = Math.floor(ts / 60_000);
    expect(new Set(sent.map((e) => e.id))).toEqual(
      new Set(Object.values(due).map((id) => `mailbox-sync-${id}-${minute}`)),
    );
  });

  it('a repeated poll within the same minute asks with the same event ids, a later minute with new ones', async () => {
    const tenant = await makeTenant('poll-dedupe');
    const id = await addMailbox(tenant.tenantId, 'one', { state: 'active', nextSyncAt: null });
    const ts = Math.floor(Date.now() / 60_000) * 60_000 + 1_000;
    const ids: (string | undefined)[] = [];
    for (const at of [ts, ts + 30_000, ts + 60_000]) {
      const before = api.events.length;
      // A fresh engine per run: one engine memoizes step outputs across its runs (see inngest-outbox.test.ts).
      await new InngestTestEngine({ function: pollMailboxes }).execute({ events: [cronEvent([tenant.tenantId], at)] });
      const sent = api.events.slice(before);
      expect(sent).toHaveLength(1);
      expect(sent[0].data.mailboxId).toBe(id);
      ids.push(sent[0].id);
    }
    expect(ids[0]).toBe(ids[1]);
    expect(ids[2]).not.toBe(ids[0]);
  });

  it('nothing due: no events are sent', async () => {
    const tenant = await makeTenant('poll-empty');
    await addMailbox(tenant.tenantId, 'paused', { state: 'paused', nextSyncAt: null });
    const before = api.events.length;
    const { result } = await new InngestTestEngine({ function: pollMailboxes }).execute({
      events: [cronEvent([tenant.tenantId])],
    });
    expect(result).toEqual({ requested: 0 });
    expect(api.events.length).toBe(before);
  });
});
