// The change feed end to end below HTTP: triggers → NOTIFY → one LISTEN per process → each tenant's
// Server-Sent Events streams (real PostgreSQL). The browser side is tests/e2e/live-workspace.test.ts.
import { createHash, randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { queryRows } from '@/db/rows';
import { caseMessages, cases, tenants } from '@/db/schema';
import { withSystem, withTenant } from '@/db/tenancy';
import { nextCaseNumber } from '@/lib/cases/next-case-number';
import { endLiveSession } from '@/lib/live/end-live-session';
import { openLiveStream } from '@/lib/live/open-live-stream';
import { GET as getCases } from '@/app/api/v1/cases/route';
import { changePassword } from '@/lib/auth/change-password';
import { revokeAllSessions } from '@/lib/auth/user-sessions';
import { acceptInvitation } from '@/lib/members/accept-invitation';
import { createInvitation } from '@/lib/members/create-invitation';
import { removeMember } from '@/lib/members/remove-member';
import { apiKeyFor } from '@/tests/helpers/api-key';
import { readSseMessages, type SseMessage } from '@/tests/helpers/sse-messages';
import { makeTenant } from '@/tests/helpers/tenant';

/** Reads a stream's SSE messages as they come; `until` waits for one matching a predicate. */
function sseReader(stream: ReadableStream<Uint8Array>) {
  const reader = stream.getReader();
  const messages: SseMessage[] = [];
  let done = false;
  const pump = readSseMessages(reader, (m) => messages.push(m)).then(() => {
    done = true;
  });
  const until = async (pred: (all: SseMessage[]) => boolean, ms = 10_000) => {
    const deadline = Date.now() + ms;
    while (!pred(messages)) {
      if (Date.now() > deadline) throw new Error(`timed out; got ${JSON.stringify(messages)}`);
      if (done) throw new Error(`stream ended; got ${JSON.stringify(messages)}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  return {
    messages,
    until,
    /** Waits for the `ready` message the stream opens with. */
    ready: () => until((all) => all.some((m) => m.event === 'ready')),
    isDone: () => done,
    cancel: () => reader.cancel().catch(() => {}),
    ended: pump,
    events: () =>
      messages
        .filter((m) => m.event === 'change')
        .flatMap((m) => (JSON.parse(m.data) as { events: { id: number; number: number; kind: string }[] }).events),
  };
}

async function addCase(tenantId: string, subject: string): Promise<number> {
  return withTenant(tenantId, async (tx) => {
    const number = await nextCaseNumber(tx, tenantId);
    const [c] = await tx
      .insert(cases)
      .values({ tenantId, number, subject, requesterEmail: 'live@customer.example' })
      .returning({ id: cases.id });
    await tx.insert(caseMessages).values({ tenantId, caseId: c.id, direction: 'in', text: subject });
    return number;
  });
}

/** A stream that was to stay open: a new case of its tenant still reaches it. Closes it afterwards. */
async function expectStillLive(stream: ReturnType<typeof sseReader>, tenantId: string) {
  const n = await addCase(tenantId, 'still live');
  await stream.until(() => stream.events().some((e) => e.number === n));
  expect(stream.isDone()).toBe(false);
  await stream.cancel();
}

async function eventIdsOf(tenantId: string): Promise<Set<number>> {
  const rows = await withSystem((tx) =>
    queryRows<{ id: string }>(tx, sql`select id from live_events where tenant_id = ${tenantId}`),
  );
  return new Set(rows.map((r) => Number(r.id)));
}

const sessionKey = () => createHash('sha256').update(randomBytes(16)).digest('hex');

describe('live change feed', () => {
  it("a tenant's stream carries its own changes and never another tenant's, with changes interleaved", async () => {
    const a = await makeTenant('live-a');
    const b = await makeTenant('live-b');
    // Same case numbers in both tenants would hide a leak: B's numbers start elsewhere.
    await withSystem((tx) => tx.update(tenants).set({ caseCounter: 50_000 }).where(eq(tenants.id, b.tenantId)));
    const streamA = sseReader(openLiveStream({ tenantId: a.tenantId, sessionKey: sessionKey(), afterId: null }));
    const streamB = sseReader(openLiveStream({ tenantId: b.tenantId, sessionKey: sessionKey(), afterId: null }));
    await streamA.ready();
    await streamB.ready();

    const numbersA: number[] = [];
    const numbersB: number[] = [];
    await Promise.all([
      (async () => {
        for (let i = 0; i < 5; i++) numbersA.push(await addCase(a.tenantId, `A ${i}`));
      })(),
      (async () => {
        for (let i = 0; i < 5; i++) numbersB.push(await addCase(b.tenantId, `B ${i}`));
      })(),
    ]);
    await withTenant(a.tenantId, (tx) =>
      tx.update(cases).set({ status: 'pending' }).where(eq(cases.number, numbersA[0])),
    );

    await streamA.until(() =>
      numbersA.every((n) => streamA.events().some((e) => e.number === n && e.kind === 'message')),
    );
    await streamB.until(() => numbersB.every((n) => streamB.events().some((e) => e.number === n)));
    await streamA.until(
      () => streamA.events().filter((e) => e.number === numbersA[0] && e.kind === 'case').length >= 2,
    );

    const idsA = await eventIdsOf(a.tenantId);
    const idsB = await eventIdsOf(b.tenantId);
    expect(streamA.events().every((e) => idsA.has(e.id))).toBe(true);
    expect(streamB.events().every((e) => idsB.has(e.id))).toBe(true);
    expect(streamA.events().some((e) => numbersB.includes(e.number))).toBe(false);
    expect(streamB.events().some((e) => numbersA.includes(e.number))).toBe(false);
    await streamA.cancel();
    await streamB.cancel();
  });

  it('a reconnect with the last event id gets what changed while it was away', async () => {
    const t = await makeTenant('live-resume');
    const first = sseReader(openLiveStream({ tenantId: t.tenantId, sessionKey: sessionKey(), afterId: null }));
    await first.ready();
    const lastId = Number(first.messages.find((m) => m.event === 'ready')!.id);
    await first.cancel();

    const missed = [await addCase(t.tenantId, 'while away 1'), await addCase(t.tenantId, 'while away 2')];
    const again = sseReader(openLiveStream({ tenantId: t.tenantId, sessionKey: sessionKey(), afterId: lastId }));
    await again.ready();
    expect(missed.every((n) => again.events().some((e) => e.number === n))).toBe(true);
    // ...and from there on it is live again.
    const later = await addCase(t.tenantId, 'after the reconnect');
    await again.until(() => again.events().some((e) => e.number === later));
    await again.cancel();
  });

  it("signing out closes exactly that session's streams", async () => {
    const t = await makeTenant('live-signout');
    const key = sessionKey();
    const signedOut = sseReader(openLiveStream({ tenantId: t.tenantId, sessionKey: key, afterId: null }));
    const other = sseReader(openLiveStream({ tenantId: t.tenantId, sessionKey: sessionKey(), afterId: null }));
    await signedOut.ready();
    await other.ready();
    await endLiveSession(key);
    await signedOut.ended;
    expect(signedOut.messages.some((m) => m.event === 'ended')).toBe(true);
    await expectStillLive(other, t.tenantId);
  });

  it("sign out everywhere, a password change and removal from the workspace close the user's open streams", async () => {
    const t = await makeTenant('live-revoke');
    const open = (userId: string, tenantId = t.tenantId) =>
      sseReader(openLiveStream({ tenantId, sessionKey: sessionKey(), userId, afterId: null }));
    const closedByServer = async (r: ReturnType<typeof sseReader>) => {
      await Promise.race([r.ended, new Promise((_, no) => setTimeout(() => no(new Error('still open')), 5_000))]);
      expect(r.messages.some((m) => m.event === 'ended')).toBe(true);
    };

    // Sign out everywhere: both of the owner's tabs close; another member's stays.
    const member = await makeTenant('live-revoke-member');
    const { token } = await withTenant(t.tenantId, (tx) =>
      createInvitation(tx, { tenantId: t.tenantId, role: 'agent', actor: { userId: t.ownerUserId, role: 'owner' } }),
    );
    await acceptInvitation({ token, user: { userId: member.ownerUserId } });
    const ownerTabs = [open(t.ownerUserId), open(t.ownerUserId)];
    const memberHere = open(member.ownerUserId);
    const memberAtHome = open(member.ownerUserId, member.tenantId);
    await Promise.all([...ownerTabs, memberHere, memberAtHome].map((r) => r.ready()));
    await withSystem((tx) => revokeAllSessions(tx, t.ownerUserId));
    await Promise.all(ownerTabs.map(closedByServer));

    // A password change does the same.
    const again = open(t.ownerUserId);
    await again.ready();
    await changePassword(t.ownerUserId, { currentPassword: t.ownerPassword, newPassword: 'a-brand-new-passphrase-7' });
    await closedByServer(again);

    // Removed from this workspace: that stream closes, the member's stream of their own workspace stays.
    await withTenant(t.tenantId, (tx) =>
      removeMember(tx, {
        tenantId: t.tenantId,
        userId: member.ownerUserId,
        actor: { userId: t.ownerUserId, role: 'owner' },
      }),
    );
    await closedByServer(memberHere);
    await expectStillLive(memberAtHome, member.tenantId);
  });

  it('a bulk statement becomes one resync event instead of hundreds', async () => {
    const t = await makeTenant('live-bulk');
    const stream = sseReader(openLiveStream({ tenantId: t.tenantId, sessionKey: sessionKey(), afterId: null }));
    await stream.ready();
    await withTenant(t.tenantId, async (tx) => {
      const rows = [];
      for (let i = 0; i < 150; i++)
        rows.push({
          tenantId: t.tenantId,
          number: await nextCaseNumber(tx, t.tenantId),
          subject: `bulk ${i}`,
          requesterEmail: 'b@customer.example',
        });
      await tx.insert(cases).values(rows);
    });
    await stream.until(() => stream.events().some((e) => e.kind === 'resync'));
    expect(stream.events()).toHaveLength(1);
    await stream.cancel();
  });

  it('the cases list API answers 304 to its ETag until a case of the tenant changes', async () => {
    const t = await makeTenant('live-etag');
    const other = await makeTenant('live-etag-other');
    const key = await apiKeyFor(t.tenantId);
    const get = (headers: Record<string, string> = {}, query = '?limit=5') =>
      getCases(
        new Request(`http://caseflow.test/api/v1/cases${query}`, {
          headers: { authorization: `Bearer ${key}`, ...headers },
        }),
        {
          params: Promise.resolve({}),
        },
      );
    await addCase(t.tenantId, 'etag one');
    const first = await get();
    expect(first.status).toBe(200);
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^W\/"\d+-/);
    const again = await get({ 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    // Another query is another answer; another tenant's change is not this tenant's.
    expect((await get({ 'if-none-match': etag }, '?limit=6')).status).toBe(200);
    await addCase(other.tenantId, 'elsewhere');
    expect((await get({ 'if-none-match': etag })).status).toBe(304);
    await withTenant(t.tenantId, (tx) => tx.update(cases).set({ priority: 'high' }));
    const changed = await get({ 'if-none-match': etag });
    expect(changed.status).toBe(200);
    expect(((await changed.json()) as { data: { priority: string }[] }).data[0].priority).toBe('high');
  });
});
