// Editing Graph and Gmail API mailboxes (PATCH /api/v1/mailboxes/:id): plain settings change in place; a new
// API URL, directory or client drops the stored client secret and grant and asks for the secret again, so nothing
// stored ever reaches the new destination (checked with a recording server standing in for the new URL). The
// client secret's expiry date is set, kept and cleared by the same rule as an OAuth mailbox's.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { and, desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PATCH as patchMailbox } from '@/app/api/v1/mailboxes/[id]/route';
import { auditLog, mailboxes } from '@/db/schema';
import { withTenant } from '@/db/tenancy';
import { createApiKey } from '@/lib/api-keys/create-api-key';
import { AppError } from '@/lib/errors';
import { testStoredMailbox } from '@/lib/mailboxes/test-connection';
import { updateMailbox } from '@/lib/mailboxes/update-mailbox';
import { makeGmailMailbox, makeGraphMailbox, type ApiMailboxFixture } from '../helpers/api-mailbox';
import { rejectionOf } from '../helpers/rejection-of';
import { useMailApiFakes } from '../helpers/use-mail-api-fakes';

const { provider, graph, gmail } = useMailApiFakes();
let recorder: { url: string; seen: string[]; close: () => Promise<void> };
beforeAll(async () => {
  // The "new" API URL: records everything it is sent (headers and body) and answers 404.
  const seen: string[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      seen.push(`${req.method} ${req.url}\n${JSON.stringify(req.headers)}\n${body}`);
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"code":"ResourceNotFound"}}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  recorder = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1.0`,
    seen,
    close: () => new Promise((r) => server.close(() => r())),
  };
});
afterAll(async () => {
  await recorder?.close();
});

const row = (fx: ApiMailboxFixture) =>
  withTenant(fx.tenant.tenantId, async (tx) => {
    const [r] = await tx.select().from(mailboxes).where(eq(mailboxes.id, fx.mailboxId));
    return r;
  });
const update = (fx: ApiMailboxFixture, input: Record<string, unknown>) =>
  withTenant(fx.tenant.tenantId, (tx) =>
    updateMailbox(tx, { id: fx.mailboxId, input, actor: { kind: 'user', userId: fx.tenant.ownerUserId } }),
  );
describe('PATCH /api/v1/mailboxes/:id for Graph and Gmail API mailboxes', () => {
  it('changes name, folder and after-processing in place, keeping the secret and the grant', async () => {
    const fx = await makeGraphMailbox(provider, graph, { mode: 'shared-app-only' });
    expect(await testStoredMailbox({ tenantId: fx.tenant.tenantId, mailboxId: fx.mailboxId })).toMatchObject({
      ok: true,
    });
    await withTenant(fx.tenant.tenantId, (tx) =>
      tx.update(mailboxes).set({ syncCursor: 'https://graph.test/delta?old' }).where(eq(mailboxes.id, fx.mailboxId)),
    );
    const before = await row(fx);
    const { key } = await withTenant(fx.tenant.tenantId, (tx) =>
      createApiKey(tx, { tenantId: fx.tenant.tenantId, name: 'test', createdBy: null }),
    );
    const res = await patchMailbox(
      new Request(`http://caseflow.test/api/v1/mailboxes/${fx.mailboxId}`, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          displayName: 'Support desk',
          folder: 'Escalations',
          afterProcessing: 'move',
          moveToFolder: 'Processed',
        }),
      }),
      { params: Promise.resolve({ id: fx.mailboxId }) },
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      displayName: 'Support desk',
      folder: 'Escalations',
      afterProcessing: 'move',
      moveToFolder: 'Processed',
      oauth: { hasClientSecret: true },
      api: { baseUrl: graph.url, sharedMailbox: fx.address, access: 'app-only' },
    });
    const after = await row(fx);
    expect(after.oauthClientSecretSealed).toBe(before.oauthClientSecretSealed);
    expect(after.oauthAccessTokenSealed).toBe(before.oauthAccessTokenSealed);
    // The saved delta link belongs to the old folder.
    expect(after.syncCursor).toBeNull();

    const noMove = await rejectionOf(update(fx, { afterProcessing: 'move', moveToFolder: '' }), AppError);
    expect(noMove.details).toMatchObject({ field: 'moveToFolder' });
    const notShared = await rejectionOf(update(fx, { sharedMailbox: false }), AppError);
    expect(notShared.details).toMatchObject({ field: 'sharedMailbox' });
  });

  it('a new API URL without the client secret is refused, and once it is given nothing stored reaches that URL', async () => {
    const fx = await makeGraphMailbox(provider, graph, { mode: 'shared-app-only' });
    expect(await testStoredMailbox({ tenantId: fx.tenant.tenantId, mailboxId: fx.mailboxId })).toMatchObject({
      ok: true,
    });
    const before = await row(fx);
    const issuedBefore = provider.issued();
    expect(issuedBefore.length).toBeGreaterThan(0);

    const err = await rejectionOf(update(fx, { apiBaseUrl: recorder.url }), AppError);
    expect(err.code).toBe('validation');
    expect(err.details).toMatchObject({ field: 'oauth.clientSecret' });
    expect(await row(fx)).toMatchObject({
      apiBaseUrl: graph.url,
      oauthClientSecretSealed: before.oauthClientSecretSealed,
      oauthAccessTokenSealed: before.oauthAccessTokenSealed,
    });

    const moved = await update(fx, { apiBaseUrl: recorder.url, oauth: { clientSecret: fx.client.clientSecret } });
    expect(moved.api).toMatchObject({ baseUrl: recorder.url });
    const after = await row(fx);
    expect(after.oauthAccessTokenSealed).toBeNull();
    expect(after.oauthClientSecretSealed).not.toBe(before.oauthClientSecretSealed);

    const seenBefore = recorder.seen.length;
    const result = await testStoredMailbox({ tenantId: fx.tenant.tenantId, mailboxId: fx.mailboxId });
    expect(result.ok).toBe(false);
    const sent = recorder.seen.slice(seenBefore).join('\n');
    expect(sent).toContain('authorization');
    for (const token of issuedBefore) expect(sent).not.toContain(token);
    expect(sent).not.toContain(fx.client.clientSecret);
  });

  it('a new directory or client drops the delegated grant; switching to a shared mailbox asks for consent again', async () => {
    const fx = await makeGraphMailbox(provider, graph, { mode: 'delegated' });
    const before = await row(fx);
    expect(before.oauthRefreshTokenSealed).not.toBeNull();

    const err = await rejectionOf(update(fx, { oauth: { tenant: 'fabrikam.onmicrosoft.com' } }), AppError);
    expect(err.details).toMatchObject({ field: 'oauth.clientSecret' });
    const common = await rejectionOf(update(fx, { oauth: { tenant: 'common', clientSecret: 'x' } }), AppError);
    expect(common.details).toMatchObject({ field: 'oauth.tenant' });
    expect((await row(fx)).oauthRefreshTokenSealed).toBe(before.oauthRefreshTokenSealed);

    const moved = await update(fx, { oauth: { tenant: 'fabrikam.onmicrosoft.com', clientSecret: 'new-secret' } });
    expect(moved.oauth).toMatchObject({
      authorized: false,
      hasClientSecret: true,
      tokenUrl: `${provider.url}/fabrikam.onmicrosoft.com/oauth2/v2.0/token`,
    });
    expect((await row(fx)).oauthRefreshTokenSealed).toBeNull();

    const other = await makeGraphMailbox(provider, graph, { mode: 'delegated' });
    const shared = await update(other, { sharedMailbox: true });
    expect(shared.api).toMatchObject({ sharedMailbox: other.address, access: 'delegated' });
    expect(shared.oauth).toMatchObject({ authorized: false, hasClientSecret: true });
    expect(shared.oauth?.scope).toContain('Mail.ReadWrite.Shared');
  });

  it('the client secret’s expiry date is set and cleared like an OAuth mailbox’s: kept by other changes, dropped by a new secret without a date', async () => {
    const fx = await makeGraphMailbox(provider, graph, { mode: 'shared-app-only' });
    const { key } = await withTenant(fx.tenant.tenantId, (tx) =>
      createApiKey(tx, { tenantId: fx.tenant.tenantId, name: 'test', createdBy: null }),
    );
    const patch = async (body: unknown) => {
      const res = await patchMailbox(
        new Request(`http://caseflow.test/api/v1/mailboxes/${fx.mailboxId}`, {
          method: 'PATCH',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        }),
        { params: Promise.resolve({ id: fx.mailboxId }) },
      );
      return { status: res.status, json: await res.json() };
    };
    const expiry = async () => (await row(fx)).oauthClientSecretExpiresAt?.toISOString() ?? null;
    const auditedFields = async () => {
      const entries = await withTenant(fx.tenant.tenantId, (tx) =>
        tx
          .select()
          .from(auditLog)
          .where(and(eq(auditLog.action, 'mailbox.updated'), eq(auditLog.targetId, fx.mailboxId)))
          .orderBy(desc(auditLog.createdAt)),
      );
      return (entries[0].details as { fields: string[] }).fields;
    };

    const set = await patch({ oauth: { clientSecretExpiresAt: '2027-01-15' } });
    expect(set.status).toBe(200);
    expect(set.json.oauth).toMatchObject({ clientSecretExpiresAt: '2027-01-15T00:00:00.000Z', hasClientSecret: true });
    expect(await auditedFields()).toEqual(['oauthClientSecretExpiresAt']);

    // Other settings leave it (and the audit entry names only what changed).
    expect((await patch({ displayName: 'Contoso support' })).json.oauth.clientSecretExpiresAt).toBe(
      '2027-01-15T00:00:00.000Z',
    );
    expect(await auditedFields()).toEqual(['displayName']);

    // A new secret with its date, then one without: its expiry is unknown, so no stale date stays.
    await patch({ oauth: { clientSecret: 'rotated-1', clientSecretExpiresAt: '2028-06-30' } });
    expect(await expiry()).toBe('2028-06-30T00:00:00.000Z');
    await patch({ oauth: { clientSecret: 'rotated-2' } });
    expect(await expiry()).toBeNull();

    // Cleared by an empty value (the form's emptied field) and by null (the API).
    await patch({ oauth: { clientSecretExpiresAt: '2027-02-01' } });
    expect((await patch({ oauth: { clientSecretExpiresAt: '' } })).json.oauth.clientSecretExpiresAt).toBeNull();
    await patch({ oauth: { clientSecretExpiresAt: '2027-02-01' } });
    expect((await patch({ oauth: { clientSecretExpiresAt: null } })).json.oauth.clientSecretExpiresAt).toBeNull();

    // Not a date: refused at its field, nothing saved.
    await patch({ oauth: { clientSecretExpiresAt: '2027-03-01' } });
    const bad = await patch({ oauth: { clientSecretExpiresAt: '31/12/2027' }, displayName: 'Renamed' });
    expect(bad.status).toBe(422);
    expect(bad.json).toMatchObject({ error: { issues: [{ path: 'oauth.clientSecretExpiresAt' }] } });
    expect(await row(fx)).toMatchObject({ displayName: 'Contoso support' });
    expect(await expiry()).toBe('2027-03-01T00:00:00.000Z');

    // A polling interval out of bounds is refused at its field with the bounds named, nothing saved.
    const { pollIntervalSeconds } = await row(fx);
    const tooOften = await patch({ pollIntervalSeconds: 5 });
    expect(tooOften.status).toBe(422);
    expect(tooOften.json).toMatchObject({
      error: {
        issues: [
          {
            path: 'pollIntervalSeconds',
            message: 'Check for new mail between every 15 seconds and once a day (86400 seconds).',
          },
        ],
      },
    });
    expect(await row(fx)).toMatchObject({ pollIntervalSeconds });
  });

  it('a Gmail API mailbox: a new token URL needs the secret again; its label changes in place', async () => {
    const fx = await makeGmailMailbox(provider, gmail);
    const before = await row(fx);
    const err = await rejectionOf(update(fx, { oauth: { tokenUrl: `${recorder.url}/token` } }), AppError);
    expect(err.details).toMatchObject({ field: 'oauth.clientSecret' });
    const relabelled = await update(fx, { folder: 'Support' });
    expect(relabelled).toMatchObject({ folder: 'Support', oauth: { authorized: true } });
    expect((await row(fx)).oauthRefreshTokenSealed).toBe(before.oauthRefreshTokenSealed);
    const shared = await rejectionOf(update(fx, { sharedMailbox: true }), AppError);
    expect(shared.details).toMatchObject({ field: 'sharedMailbox' });
  });
});
