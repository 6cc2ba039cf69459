// Graph and Gmail API mailboxes on the fake APIs, created through the same path as the API and CLI
// (createMailbox) and, when delegated, authorized through the code flow at the test OAuth provider.
import { createMailboxAsOwner } from './create-owner-mailbox';
import type { FakeGmail } from './fake-gmail';
import type { FakeGraph } from './fake-graph';
import { authorizeOAuthMailbox, type TestClient, type TestOAuthProvider } from './oauth-provider';
import { makeTenant, type TestTenant } from './tenant';

export type GraphMode = 'delegated' | 'shared-app-only' | 'shared-delegated';

export type ApiMailboxFixture = {
  tenant: TestTenant;
  mailboxId: string;
  /** The mailbox's address (for a shared mailbox: the shared one). */
  address: string;
  /** Who signs in (delegated). */
  user: string;
  client: TestClient;
};

let counter = 0;
const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}`;

export async function makeGraphMailbox(
  provider: TestOAuthProvider,
  graph: FakeGraph,
  opts: { mode: GraphMode; tenant?: TestTenant; input?: Record<string, unknown> },
): Promise<ApiMailboxFixture> {
  const tenant = opts.tenant ?? (await makeTenant('graph'));
  const id = unique();
  const shared = opts.mode !== 'delegated';
  const address = shared ? `support-${id}@contoso.test` : `agent-${id}@contoso.test`;
  const user = shared ? `agent-${id}@contoso.test` : address;
  const client = provider.addClient({ style: 'microsoft' });
  graph.addMailbox(address, {
    members: opts.mode === 'shared-delegated' ? [user] : [],
    apps: opts.mode === 'shared-app-only' ? [client.clientId] : [],
  });
  if (opts.mode !== 'shared-app-only') {
    graph.addMailbox(user);
    provider.addAccount(user, user);
  }
  const created = await createMailboxAsOwner(tenant, {
    protocol: 'graph',
    email: address,
    ...(opts.mode === 'shared-delegated' ? { username: user, sharedMailbox: true } : {}),
    apiBaseUrl: graph.url,
    oauth: {
      ...(opts.mode === 'shared-app-only' ? { grant: 'client_credentials' } : {}),
      tenant: 'contoso.onmicrosoft.com',
      authority: provider.url,
      clientId: client.clientId,
      clientSecret: client.clientSecret,
    },
    ...opts.input,
  });
  const fx = { tenant, mailboxId: created.id, address, user, client };
  if (opts.mode !== 'shared-app-only') await authorizeOAuthMailbox(provider, fx, { as: user });
  return fx;
}

export async function makeGmailMailbox(
  provider: TestOAuthProvider,
  gmail: FakeGmail,
  opts: { tenant?: TestTenant; input?: Record<string, unknown> } = {},
): Promise<ApiMailboxFixture> {
  const tenant = opts.tenant ?? (await makeTenant('gmail'));
  const address = `support-${unique()}@gmail-workspace.test`;
  const client = provider.addClient({ style: 'google' });
  gmail.addMailbox(address);
  provider.addAccount(address, address);
  const created = await createMailboxAsOwner(tenant, {
    protocol: 'gmail-api',
    email: address,
    apiBaseUrl: gmail.url,
    oauth: {
      clientId: client.clientId,
      clientSecret: client.clientSecret,
      authorizationUrl: provider.authorizationUrl,
      tokenUrl: provider.tokenUrl,
    },
    ...opts.input,
  });
  const fx = { tenant, mailboxId: created.id, address, user: address, client };
  await authorizeOAuthMailbox(provider, fx);
  return fx;
}
