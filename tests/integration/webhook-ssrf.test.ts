// Webhook URLs pointing inside (every spelling of loopback, private and
// link-local ranges, a name resolving to loopback, a redirect to loopback) are refused with one
// error text, both when the endpoint is saved and when a delivery is attempted, and nothing
// reaches the listener behind them. Runs with an empty allow-list passed explicitly.
import dns from 'node:dns/promises';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '@/db/tenancy';
import { isPrivateAddress, OutboundGuardError, privateAddressMessage } from '@/lib/net/outbound-guard';
import { createWebhookEndpoint } from '@/lib/webhooks/create-webhook-endpoint';
import { checkInputUrl } from '@/lib/webhooks/endpoint-url';
import { sendWebhookRequest } from '@/lib/webhooks/send-webhook-request';
import { makeTenant, type TestTenant } from '../helpers/tenant';
import { unroutableTable } from '../helpers/unroutable-addresses';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver';

let receiver: WebhookReceiver;
let target: WebhookReceiver;
let tenant: TestTenant;
beforeAll(async () => {
  [receiver, target, tenant] = await Promise.all([startWebhookReceiver(), startWebhookReceiver(), makeTenant('ssrf')]);
});
afterAll(async () => {
  await Promise.all([receiver?.stop(), target?.stop()]);
});

/** Another name this machine resolves to a private address (e.g. its own host name), when it has one. */
async function localNameResolvingPrivately(): Promise<string[]> {
  const name = os.hostname();
  try {
    const addresses = await dns.lookup(name, { all: true });
    return addresses.length && addresses.every((a) => isPrivateAddress(a.address)) ? [name] : [];
  } catch {
    return [];
  }
}

const hosts = [
  '127.0.0.1',
  'localhost',
  '0.0.0.0',
  '169.254.169.254',
  '10.0.0.1',
  '172.16.0.1',
  '192.168.1.1',
  '[::1]',
  '[::ffff:127.0.0.1]',
  '2130706433',
  ...unroutableTable.map((ip) => (ip.includes(':') ? `[${ip}]` : ip)),
];

async function urls(): Promise<string[]> {
  const names = [...hosts, ...(await localNameResolvingPrivately())];
  return names.flatMap((h) => [`https://${h}/hook`, `http://${h}:${receiver.port}/hook`]);
}

/** What the API route and the settings action do: resolve and check the URL, then store it in a transaction. */
async function refusalOnSave(url: string): Promise<unknown> {
  return checkInputUrl({ url }, { allow: '' })
    .then(() =>
      withTenant(tenant.tenantId, (tx) =>
        createWebhookEndpoint(tx, { tenantId: tenant.tenantId, input: { url }, actor: { kind: 'system' }, allow: '' }),
      ),
    )
    .then(
      () => null,
      (err: unknown) => err,
    );
}

describe('webhook URLs without ALLOW_PRIVATE_HOSTS', () => {
  it('are refused when saved, every one with the same text', async () => {
    const messages = new Set<string>();
    for (const url of await urls()) {
      const err = await refusalOnSave(url);
      expect(err, url).toBeInstanceOf(OutboundGuardError);
      messages.add((err as Error).message);
    }
    expect([...messages]).toEqual([privateAddressMessage]);
  });

  it('are refused at delivery time too, with the same text, and nothing reaches the listener', async () => {
    const before = receiver.received.length;
    const errors = new Set<string | null>();
    for (const url of await urls()) {
      const res = await sendWebhookRequest({ url, headers: {}, body: '{}', allow: '', timeoutMs: 2000 });
      expect(res.ok, url).toBe(false);
      expect(res.statusCode, url).toBeNull();
      errors.add(res.error);
    }
    expect([...errors]).toEqual([privateAddressMessage]);
    expect(receiver.received.length).toBe(before);
  });

  it('a 302 to loopback from an allowed endpoint is not followed and reports the same text', async () => {
    receiver.respond((req) =>
      req.path === '/redirect' ? { status: 302, headers: { location: target.url('/stolen') } } : { status: 200 },
    );
    // Only the name "localhost" is opened (not the loopback range), as for an endpoint that is public in real life.
    const res = await sendWebhookRequest({
      url: `http://localhost:${receiver.port}/redirect`,
      headers: {},
      body: '{}',
      allow: 'localhost',
    });
    receiver.respond(() => ({ status: 200 }));
    expect(res).toMatchObject({ ok: false, statusCode: 302, error: privateAddressMessage });
    expect(receiver.received.map((r) => r.path)).toContain('/redirect');
    expect(target.received).toHaveLength(0);
  });

  it('plain http is refused for a host the allow-list does not open, even when it is public', async () => {
    const err = await withTenant(tenant.tenantId, (tx) =>
      createWebhookEndpoint(tx, {
        tenantId: tenant.tenantId,
        input: { url: 'http://8.8.8.8/hook' },
        actor: { kind: 'system' },
        allow: '',
      }),
    ).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/must start with https:\/\//);
  });

  it('with the allow-list, the same loopback receiver is reachable', async () => {
    const res = await sendWebhookRequest({
      url: receiver.url('/allowed'),
      headers: {},
      body: '{}',
      allow: '127.0.0.0/8',
    });
    expect(res).toMatchObject({ ok: true, statusCode: 200, error: null });
  });
});

describe('saving an endpoint does no network I/O inside the tenant transaction', () => {
  it('the transaction stores a name without resolving it; the check before it resolves and refuses', async () => {
    const url = 'https://no-such-host.invalid/hook';
    // Inside the transaction: shape only (this used to resolve the name while holding the connection).
    const stored = await withTenant(tenant.tenantId, (tx) =>
      createWebhookEndpoint(tx, { tenantId: tenant.tenantId, input: { url }, actor: { kind: 'system' }, allow: '' }),
    );
    expect(stored.url).toBe(url);
    // Before the transaction, as the edges do: the name is resolved and refused.
    await expect(checkInputUrl({ url }, { allow: '' })).rejects.toMatchObject({ reason: 'dns' });
  });

  it('literal private addresses and localhost are refused inside it too, without DNS', async () => {
    for (const url of ['https://127.0.0.1/x', 'https://[::1]/x', 'https://localhost/x', 'https://192.0.2.1/x']) {
      const err = await withTenant(tenant.tenantId, (tx) =>
        createWebhookEndpoint(tx, { tenantId: tenant.tenantId, input: { url }, actor: { kind: 'system' }, allow: '' }),
      ).catch((e: unknown) => e);
      expect(err, url).toBeInstanceOf(OutboundGuardError);
    }
  });
});
