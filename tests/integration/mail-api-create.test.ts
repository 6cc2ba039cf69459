// Creating Graph and Gmail API mailboxes through POST /api/v1/mailboxes and `mailbox add --protocol graph|gmail-api`:
// the client secret sealed and never shown (its expiry date stored and shown), the directory-specific authority
// enforced, and an app-only Graph mailbox going add → test → import → sync from the CLI alone against the fake Graph.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as getMailboxRoute } from '@/app/api/v1/mailboxes/[id]/route';
import { POST as postMailbox } from '@/app/api/v1/mailboxes/route';
import { mailboxes } from '@/db/schema';
import { withTenant } from '@/db/tenancy';
import '@/lib/cli/commands/mailbox';
import { apiKeyFor } from '../helpers/api-key';
import { startFakeGraph, type FakeGraph } from '../helpers/fake-graph';
import { buildMail } from '../helpers/mail-builder';
import { startOAuthProvider, type TestOAuthProvider } from '../helpers/oauth-provider';
import { runCliJson } from '../helpers/run-cli-in-process';
import { makeTenant } from '../helpers/tenant';

let provider: TestOAuthProvider;
let graph: FakeGraph;
beforeAll(async () => {
  provider = await startOAuthProvider();
  graph = await startFakeGraph(provider);
});
afterAll(async () => {
  await graph?.stop();
  await provider?.stop();
});

describe('POST /api/v1/mailboxes with protocol graph or gmail-api', () => {
  it('creates drafts with the secret sealed, and refuses the multi-tenant authority with a field error', async () => {
    const tenant = await makeTenant('apimb');
    const key = await apiKeyFor(tenant.tenantId);
    const post = async (json: unknown) => {
      const res = await postMailbox(
        new Request('http://caseflow.test/api/v1/mailboxes', {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: JSON.stringify(json),
        }),
        { params: Promise.resolve({}) },
      );
      return { status: res.status, text: await res.text() };
    };
    const secret = `s3cret-${Date.now()}`;
    const graphBox = await post({
      protocol: 'graph',
      email: `support-${Date.now()}@contoso.test`,
      sharedMailbox: true,
      username: 'ann@contoso.test',
      oauth: { tenant: 'contoso.onmicrosoft.com', clientId: 'app-1', clientSecret: secret },
    });
    expect(graphBox.status).toBe(201);
    expect(graphBox.text).not.toContain(secret);
    const created = JSON.parse(graphBox.text);
    expect(created).toMatchObject({ protocol: 'graph', authMethod: 'oauth', state: 'draft', smtp: null });
    expect(created.api).toEqual({
      baseUrl: 'https://graph.microsoft.com/v1.0',
      sharedMailbox: created.email,
      access: 'delegated',
    });
    const [row] = await withTenant(tenant.tenantId, (tx) =>
      tx.select().from(mailboxes).where(eq(mailboxes.id, created.id)),
    );
    expect(row.oauthTokenUrl).toBe('https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token');
    expect(row.oauthScope).toBe(
      'offline_access https://graph.microsoft.com/Mail.ReadWrite.Shared https://graph.microsoft.com/Mail.Send.Shared',
    );
    expect(row.apiUser).toBe(created.email);
    expect(row.oauthClientSecretSealed).toMatch(/^test1:/);
    expect(row.oauthClientSecretSealed).not.toContain(secret);

    const common = await post({
      protocol: 'graph',
      email: `other-${Date.now()}@contoso.test`,
      oauth: { tenant: 'common', clientId: 'app-1', clientSecret: secret },
    });
    expect(common.status).toBe(422);
    expect(JSON.parse(common.text)).toMatchObject({
      error: { code: 'validation', issues: [{ path: 'oauth.tenant' }] },
    });

    const gmailBox = await post({
      protocol: 'gmail-api',
      email: `help-${Date.now()}@gmail-workspace.test`,
      oauth: { clientId: 'id.apps.googleusercontent.com', clientSecret: secret },
    });
    expect(gmailBox.status).toBe(201);
    const [g] = await withTenant(tenant.tenantId, (tx) =>
      tx
        .select()
        .from(mailboxes)
        .where(eq(mailboxes.id, JSON.parse(gmailBox.text).id)),
    );
    expect(g).toMatchObject({
      protocol: 'gmail-api',
      oauthScope: 'https://www.googleapis.com/auth/gmail.modify',
      oauthTokenUrl: 'https://oauth2.googleapis.com/token',
      apiUser: null,
    });
    expect(JSON.parse(gmailBox.text).api).toEqual({
      baseUrl: 'https://gmail.googleapis.com',
      sharedMailbox: null,
      access: 'delegated',
    });
  });
});

describe('the client secret’s expiry date of an API mailbox', () => {
  it('is stored from oauth.clientSecretExpiresAt and read back as for OAuth mailboxes; a value that is not a date is refused', async () => {
    const tenant = await makeTenant('apiexp');
    const key = await apiKeyFor(tenant.tenantId);
    const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
    const post = (json: unknown) =>
      postMailbox(
        new Request('http://caseflow.test/api/v1/mailboxes', { method: 'POST', headers, body: JSON.stringify(json) }),
        { params: Promise.resolve({}) },
      );
    const get = (id: string) =>
      getMailboxRoute(new Request(`http://caseflow.test/api/v1/mailboxes/${id}`, { headers }), {
        params: Promise.resolve({ id }),
      });
    const graphRes = await post({
      protocol: 'graph',
      email: `support-exp-${Date.now()}@contoso.test`,
      oauth: {
        grant: 'client_credentials',
        tenant: 'contoso.onmicrosoft.com',
        clientId: 'app-1',
        clientSecret: 'app-secret',
        clientSecretExpiresAt: '2027-03-31',
      },
    });
    expect(graphRes.status).toBe(201);
    const created = await graphRes.json();
    expect(created.oauth).toMatchObject({ hasClientSecret: true, clientSecretExpiresAt: '2027-03-31T00:00:00.000Z' });
    expect(created.oauth.credentialExpiries).toEqual([
      expect.objectContaining({ kind: 'client-secret', expiresAt: '2027-03-31T00:00:00.000Z' }),
    ]);
    const read = await get(created.id);
    expect((await read.json()).oauth.clientSecretExpiresAt).toBe('2027-03-31T00:00:00.000Z');
    const [row] = await withTenant(tenant.tenantId, (tx) =>
      tx.select().from(mailboxes).where(eq(mailboxes.id, created.id)),
    );
    expect(row.oauthClientSecretExpiresAt?.toISOString()).toBe('2027-03-31T00:00:00.000Z');

    // Gmail takes it the same way, a full ISO time included; without it there is none.
    const gmailRes = await post({
      protocol: 'gmail-api',
      email: `help-exp-${Date.now()}@gmail-workspace.test`,
      oauth: {
        clientId: 'id.apps.googleusercontent.com',
        clientSecret: 's',
        clientSecretExpiresAt: '2026-12-01T12:30:00Z',
      },
    });
    expect((await gmailRes.json()).oauth.clientSecretExpiresAt).toBe('2026-12-01T12:30:00.000Z');
    const none = await post({
      protocol: 'gmail-api',
      email: `help-none-${Date.now()}@gmail-workspace.test`,
      oauth: { clientId: 'id.apps.googleusercontent.com', clientSecret: 's' },
    });
    expect((await none.json()).oauth).toMatchObject({ clientSecretExpiresAt: null, credentialExpiries: [] });

    const bad = await post({
      protocol: 'graph',
      email: `support-bad-${Date.now()}@contoso.test`,
      oauth: {
        tenant: 'contoso.onmicrosoft.com',
        clientId: 'app-1',
        clientSecret: 's',
        clientSecretExpiresAt: 'in two years',
      },
    });
    expect(bad.status).toBe(422);
    expect(await bad.json()).toMatchObject({
      error: {
        code: 'validation',
        issues: [
          { path: 'oauth.clientSecretExpiresAt', message: 'Enter the client secret’s expiry as a date (YYYY-MM-DD).' },
        ],
      },
    });
  });
});

describe('mailbox add --protocol graph --app-only', () => {
  it('adds, tests, imports and syncs a shared mailbox with the client secret from stdin', async () => {
    const tenant = await makeTenant('apicli');
    const client = provider.addClient({ style: 'microsoft' });
    const address = `support-cli-${Date.now()}@contoso.test`;
    graph.addMailbox(address, { apps: [client.clientId] });
    for (const i of [1, 2])
      graph.deliver(address, buildMail({ from: `c${i}@customer.test`, to: address, subject: `Old ${i}`, text: 'x' }));

    const added = await runCliJson(
      [
        'mailbox',
        'add',
        '--tenant',
        tenant.slug,
        '--protocol',
        'graph',
        '--email',
        address,
        '--app-only',
        '--directory',
        'contoso.onmicrosoft.com',
        '--authority',
        provider.url,
        '--api-url',
        graph.url,
        '--client-id',
        client.clientId,
        '--client-secret-stdin',
      ],
      `${client.clientSecret}\n`,
    );
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    expect(added.stdout).not.toContain(client.clientSecret);
    const id = added.json.mailboxId as string;
    const apiFields = { baseUrl: graph.url, sharedMailbox: address, access: 'app-only' };
    expect(added.json.api).toEqual(apiFields);
    expect((await runCliJson(['mailbox', 'show', id])).json).toMatchObject({ id, protocol: 'graph', api: apiFields });
    const listed = await runCliJson(['mailbox', 'list', '--tenant', tenant.slug]);
    expect(listed.json).toEqual([expect.objectContaining({ id, api: apiFields })]);
    expect(listed.stdout).not.toContain(client.clientSecret);

    expect((await runCliJson(['mailbox', 'test', id])).json).toMatchObject({ ok: true, messageCount: 2 });
    const imported = await runCliJson(['mailbox', 'import', id, '--confirm']);
    expect(imported.json).toMatchObject({ state: 'active', created: 2, deleted: 2 });
    graph.deliver(address, buildMail({ from: 'new@customer.test', to: address, subject: 'New', text: 'y' }));
    const synced = await runCliJson(['mailbox', 'sync', id]);
    expect(synced.json).toMatchObject({ created: 1, deleted: 1 });
    expect(graph.messages(address)).toHaveLength(0);
    expect(graph.messages(address, 'deleteditems')).toHaveLength(3);

    const refused = await runCliJson(
      ['mailbox', 'add', '--tenant', tenant.slug, '--protocol', 'graph', '--email', `x-${address}`, '--app-only'],
      '',
    );
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/client ID|directory/i);
  });
});
