// Microsoft Graph and Gmail API mailboxes through their whole life against local stand-ins of the APIs
// (tests/helpers/fake-graph.ts, fake-gmail.ts) and the test OAuth provider: count, import as Closed without
// acknowledgements, new mail → Open case with an acknowledgement sent through the API (its copy in the
// mailbox's Sent Items / SENT label), a reply appended, every message removed from the source after the store.
import { and, asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { caseMessages, cases, mailboxes, rawMessages } from '@/db/schema';
import { withTenant } from '@/db/tenancy';
import { ACK_KIND, sendAcknowledgement } from '@/lib/acknowledgements/send-acknowledgement';
import { queueReply } from '@/lib/cases/queue-reply';
import { sendReply } from '@/lib/cases/send-reply';
import { confirmMailboxImport } from '@/lib/mailboxes/confirm-import';
import { syncMailbox } from '@/lib/mailboxes/sync-mailbox';
import { testStoredMailbox } from '@/lib/mailboxes/test-connection';
import { sendViaMailApi } from '@/lib/mail/send/send-via-mail-api';
import { getMailboxRow } from '../helpers/mailbox-fixture';
import { makeGmailMailbox, makeGraphMailbox, type ApiMailboxFixture, type GraphMode } from '../helpers/api-mailbox';
import { buildMail } from '../helpers/mail-builder';
import { useMailApiFakes } from '../helpers/use-mail-api-fakes';

const { provider, graph, gmail } = useMailApiFakes();

/** What a test needs from either fake. */
type Source = {
  deliver(raw: Buffer): void;
  inbox(): number;
  sent(): Buffer[];
  /** Where removed messages went (Deleted Items, TRASH). */
  removed(): number;
  expireCursor(): void;
  fullListings(): number;
  /** Pages after the first the API sent (the fakes page every 4 messages). */
  nextPages(): number;
  throttle(count: number, seconds: number, status?: number): void;
  throttled(): number;
  expireAccessTokens(): void;
};

function graphSource(fx: ApiMailboxFixture): Source {
  return {
    deliver: (raw) => void graph.deliver(fx.address, raw),
    inbox: () => graph.messages(fx.address).length,
    sent: () => graph.sentItems(fx.address),
    removed: () => graph.messages(fx.address, 'deleteditems').length,
    expireCursor: () => graph.expireDeltaTokens(),
    fullListings: () => graph.stats.fullListings,
    nextPages: () => graph.stats.nextLinks,
    throttle: (n, s, status) => graph.throttle(n, s, status),
    throttled: () => graph.stats.throttled,
    expireAccessTokens: () => graph.expireAccessTokens(),
  };
}

function gmailSource(fx: ApiMailboxFixture): Source {
  return {
    deliver: (raw) => void gmail.deliver(fx.address, raw),
    inbox: () => gmail.messages(fx.address).length,
    sent: () => gmail.sent(fx.address),
    removed: () => gmail.messages(fx.address, 'TRASH').length,
    expireCursor: () => gmail.expireHistory(),
    fullListings: () => gmail.stats.lists,
    nextPages: () => gmail.stats.nextPages,
    throttle: (n, s, status) => gmail.throttle(n, s, status),
    throttled: () => gmail.stats.throttled,
    expireAccessTokens: () => gmail.expireAccessTokens(),
  };
}

const header = (raw: Buffer, name: string) =>
  new RegExp(`^${name}:\\s*(.*(?:\\r?\\n[ \\t].*)*)`, 'im')
    .exec(raw.toString('utf8'))?.[1]
    ?.replace(/\r?\n[ \t]/g, ' ');

async function lifecycle(fx: ApiMailboxFixture, src: Source) {
  const { tenantId } = fx.tenant;
  // History present before the mailbox is connected: counted, then imported as Closed cases.
  for (const i of [1, 2, 3, 4, 5])
    src.deliver(buildMail({ from: `old${i}@customer.test`, to: fx.address, subject: `Old ${i}`, text: 'before' }));
  expect(await testStoredMailbox({ tenantId, mailboxId: fx.mailboxId })).toMatchObject({ ok: true, messageCount: 5 });
  // Five messages arrive in pages of at most four: the count follows the next page.
  const pagesBefore = src.nextPages();
  expect((await confirmMailboxImport(tenantId, fx.mailboxId)).total).toBe(5);
  expect(src.nextPages()).toBeGreaterThan(pagesBefore);

  // One 429 with Retry-After: 1 on the way: waited out, nothing fails.
  const throttledBefore = src.throttled();
  src.throttle(1, 1);
  const imported = await syncMailbox(fx.mailboxId, { untilEmpty: true, batchSize: 2 });
  expect(imported.error).toBeUndefined();
  expect(imported).toMatchObject({ state: 'active', created: 5, deleted: 5, import: { done: true } });
  expect(src.throttled()).toBe(throttledBefore + 1);
  expect(src.inbox()).toBe(0);
  expect(src.removed()).toBe(5);
  const old = await withTenant(tenantId, (tx) =>
    tx.select({ status: cases.status, imported: cases.imported }).from(cases),
  );
  expect(old).toHaveLength(5);
  expect(old.every((c) => c.status === 'closed')).toBe(true);

  // New mail after the import → an Open case; the access token dies early on the way (401 → one refresh).
  src.deliver(
    buildMail({
      from: 'Ann Customer <ann@customer.test>',
      to: fx.address,
      subject: 'My order is late',
      text: 'Where is it?',
      messageId: `<ann-1-${fx.mailboxId}@customer.test>`,
    }),
  );
  src.expireAccessTokens();
  // And the service is briefly unavailable (503 with Retry-After): waited out as well.
  src.throttle(1, 1, 503);
  const fresh = await syncMailbox(fx.mailboxId, { untilEmpty: true });
  expect(fresh.error).toBeUndefined();
  expect(fresh).toMatchObject({ created: 1, deleted: 1 });
  expect(src.throttled()).toBe(throttledBefore + 2);
  const [opened] = await withTenant(tenantId, (tx) =>
    tx.select().from(cases).where(eq(cases.subject, 'My order is late')),
  );
  expect(opened.status).toBe('open');

  // The acknowledgement goes out through the API: its copy is in the mailbox's own Sent Items.
  expect(src.sent()).toHaveLength(0);
  const ack = await sendAcknowledgement({ tenantId, caseId: opened.id });
  expect(ack.status).toBe('sent');
  const [ackRaw] = src.sent();
  expect(ackRaw).toBeDefined();
  expect(header(ackRaw, 'Auto-Submitted')).toBe('auto-replied');
  expect(header(ackRaw, 'To')).toContain('ann@customer.test');
  expect(header(ackRaw, 'From')).toContain(fx.address);
  const ackId = header(ackRaw, 'Message-ID')!;
  // Nothing was acknowledged for the imported history.
  const acks = await withTenant(tenantId, (tx) =>
    tx.select({ caseId: caseMessages.caseId }).from(caseMessages).where(eq(caseMessages.systemKind, ACK_KIND)),
  );
  expect(acks.map((a) => a.caseId)).toEqual([opened.id]);

  // The customer answers the acknowledgement: appended to the same case.
  src.deliver(
    buildMail({
      from: 'Ann Customer <ann@customer.test>',
      to: fx.address,
      subject: `Re: ${header(ackRaw, 'Subject')}`,
      text: 'Order 4711, thanks.',
      inReplyTo: ackId,
      references: ackId,
    }),
  );
  const replied = await syncMailbox(fx.mailboxId, { untilEmpty: true });
  expect(replied).toMatchObject({ appended: 1, created: 0, deleted: 1 });

  // The agent's reply also leaves through the API.
  const queued = await withTenant(tenantId, (tx) =>
    queueReply(tx, {
      tenantId,
      number: Number(opened.number),
      input: { text: 'It ships today.' },
      actor: { kind: 'user', userId: fx.tenant.ownerUserId },
    }),
  );
  expect((await sendReply(queued.id, { tenantId })).status).toBe('sent');
  expect(src.sent()).toHaveLength(2);
  expect(header(src.sent()[1], 'In-Reply-To')).toBeTruthy();

  const history = await withTenant(tenantId, (tx) =>
    tx
      .select({ direction: caseMessages.direction, systemKind: caseMessages.systemKind })
      .from(caseMessages)
      .where(eq(caseMessages.caseId, opened.id))
      .orderBy(asc(caseMessages.createdAt)),
  );
  expect(history.filter((m) => m.direction === 'in')).toHaveLength(2);
  expect(history.filter((m) => m.direction === 'out')).toHaveLength(2);

  // Removed from the source after the store: the inbox is empty, everything went to Deleted Items / TRASH.
  expect(src.inbox()).toBe(0);
  expect(src.removed()).toBe(7);

  // The saved cursor expires (410 SyncStateNotFound / history 404): a full listing, nothing stored twice.
  src.expireCursor();
  const listingsBefore = src.fullListings();
  src.deliver(buildMail({ from: 'bob@customer.test', to: fx.address, subject: 'After the resync', text: 'hi' }));
  const resynced = await syncMailbox(fx.mailboxId, { untilEmpty: true });
  expect(resynced.error).toBeUndefined();
  expect(resynced).toMatchObject({ created: 1, deleted: 1 });
  expect(src.fullListings()).toBeGreaterThan(listingsBefore);
  const raws = await withTenant(tenantId, (tx) =>
    tx.select({ id: rawMessages.id }).from(rawMessages).where(eq(rawMessages.mailboxId, fx.mailboxId)),
  );
  expect(raws).toHaveLength(8);
  const [row] = await withTenant(tenantId, (tx) =>
    tx.select({ state: mailboxes.state, cursor: mailboxes.syncCursor }).from(mailboxes),
  );
  expect(row.state).toBe('active');
  expect(row.cursor).toBeTruthy();
}

describe.each([
  { name: 'delegated, the signed-in user’s own mailbox', mode: 'delegated' },
  { name: 'app-only (client credentials), a shared mailbox', mode: 'shared-app-only' },
] as { name: string; mode: GraphMode }[])('a Microsoft Graph mailbox, $name', ({ mode }) => {
  it('counts, imports as Closed, opens new mail with an acknowledgement through sendMail, appends the reply and removes each message after storing it', async () => {
    const fx = await makeGraphMailbox(provider, graph, { mode });
    await lifecycle(fx, graphSource(fx));
    // Tokens came from the directory's own endpoint, never from `common`.
    expect(provider.tokenDirectories.length).toBeGreaterThan(0);
    expect(provider.tokenDirectories.every((d) => d === 'contoso.onmicrosoft.com')).toBe(true);
  });
});

describe('a Gmail API mailbox', () => {
  it('counts, imports as Closed, opens new mail with an acknowledgement through messages.send, appends the reply and trashes each message after storing it', async () => {
    const fx = await makeGmailMailbox(provider, gmail);
    await lifecycle(fx, gmailSource(fx));
  });
});

describe('a shared Graph mailbox signed in as a member', () => {
  it('reads and sends as the shared mailbox with Mail.ReadWrite.Shared and Mail.Send.Shared', async () => {
    const ok = await makeGraphMailbox(provider, graph, { mode: 'shared-delegated' });
    graph.deliver(ok.address, buildMail({ from: 'c@customer.test', to: ok.address, subject: 'Shared', text: 'x' }));
    expect(await testStoredMailbox({ tenantId: ok.tenant.tenantId, mailboxId: ok.mailboxId })).toMatchObject({
      ok: true,
      messageCount: 1,
    });
    const [row] = await withTenant(ok.tenant.tenantId, (tx) =>
      tx.select({ scope: mailboxes.oauthScope, apiUser: mailboxes.apiUser }).from(mailboxes),
    );
    expect(row.scope).toContain('Mail.ReadWrite.Shared');
    expect(row.apiUser).toBe(ok.address);
    // Sent as the shared mailbox: the copy is in its Sent Items, not in the member's.
    const mailbox = await getMailboxRow(ok.tenant.tenantId, ok.mailboxId);
    const sent = await sendViaMailApi(mailbox, {
      from: { address: ok.address },
      to: { address: 'c@customer.test' },
      subject: 'From the shared mailbox',
      text: 'hello',
      messageId: `shared-${ok.mailboxId}@contoso.test`,
    });
    expect(sent).toMatchObject({ ok: true });
    expect(graph.sentItems(ok.address)).toHaveLength(1);
    expect(graph.sentItems(ok.user)).toHaveLength(0);
  });

  it('without .Shared in the grant, the connection test shows 403 ErrorAccessDenied verbatim', async () => {
    const fx = await makeGraphMailbox(provider, graph, { mode: 'shared-delegated' });
    // Narrow the grant to the own-mailbox permissions, as an owner who forgot .Shared would have.
    await withTenant(fx.tenant.tenantId, (tx) =>
      tx
        .update(mailboxes)
        .set({
          oauthScope: 'offline_access https://graph.microsoft.com/Mail.ReadWrite https://graph.microsoft.com/Mail.Send',
          oauthAccessTokenSealed: null,
          oauthRefreshTokenSealed: null,
        })
        .where(and(eq(mailboxes.id, fx.mailboxId))),
    );
    const { authorizeOAuthMailbox } = await import('../helpers/oauth-provider');
    await authorizeOAuthMailbox(provider, fx, { as: fx.user });
    const tested = await testStoredMailbox({ tenantId: fx.tenant.tenantId, mailboxId: fx.mailboxId });
    expect(tested).toMatchObject({ ok: false, error: { code: 'permission' } });
    expect(!tested.ok && tested.error.message).toContain('403 ErrorAccessDenied');
  });
});

describe.each(['graph', 'gmail-api'] as const)('a %s mailbox that keeps processed mail', (protocol) => {
  it('moves each stored message to the folder (Graph) or label-and-archives it (Gmail), and never imports it again', async () => {
    const graphMailbox = protocol === 'graph';
    const input = { afterProcessing: 'move', moveToFolder: 'Caseflow done' };
    const fx = graphMailbox
      ? await makeGraphMailbox(provider, graph, { mode: 'delegated', input })
      : await makeGmailMailbox(provider, gmail, { input });
    const deliver = (subject: string) => {
      const raw = buildMail({ from: 'kim@customer.test', to: fx.address, subject, text: 'x' });
      if (graphMailbox) graph.deliver(fx.address, raw);
      else gmail.deliver(fx.address, raw);
    };
    const inbox = () => (graphMailbox ? graph.messages(fx.address) : gmail.messages(fx.address)).length;
    const kept = () =>
      (graphMailbox ? graph.messages(fx.address, 'Caseflow done') : gmail.messages(fx.address, 'Caseflow done')).length;
    deliver('Kept 1');
    deliver('Kept 2');
    await confirmMailboxImport(fx.tenant.tenantId, fx.mailboxId);
    expect(await syncMailbox(fx.mailboxId, { untilEmpty: true })).toMatchObject({ created: 2, deleted: 2 });
    expect(inbox()).toBe(0);
    expect(kept()).toBe(2);
    if (!graphMailbox) expect(gmail.messages(fx.address, 'TRASH')).toHaveLength(0);

    deliver('Kept 3');
    // The saved cursor expires: the full listing sees only the inbox, the moved messages are not imported again.
    if (graphMailbox) graph.expireDeltaTokens();
    else gmail.expireHistory();
    expect(await syncMailbox(fx.mailboxId, { untilEmpty: true })).toMatchObject({ created: 1, deleted: 1 });
    expect(kept()).toBe(3);
    const all = await withTenant(fx.tenant.tenantId, (tx) => tx.select({ id: cases.id }).from(cases));
    expect(all).toHaveLength(3);
  });
});
