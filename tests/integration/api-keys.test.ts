// API keys: shown once, stored as SHA-256 only, revocable, tenant-bound; and the /api/v1 route wrapper.
import { createHash, randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { apiKeys, auditLog, tenants } from '@/db/schema';
import { withSystem, withTenant } from '@/db/tenancy';
import { apiRoute } from '@/lib/api/api-route';
import { authenticateApiKey } from '@/lib/api-keys/authenticate-api-key';
import { createApiKey } from '@/lib/api-keys/create-api-key';
import { listApiKeys } from '@/lib/api-keys/list-api-keys';
import { revokeApiKey } from '@/lib/api-keys/revoke-api-key';
import { AppError } from '@/lib/errors';
import { makeTenant, type TestTenant } from '../helpers/tenant';

async function newKey(t: TestTenant, name = 'test') {
  return withTenant(t.tenantId, (tx) => createApiKey(tx, { tenantId: t.tenantId, name, createdBy: t.ownerUserId }));
}

describe('API keys', () => {
  it('a new key is cf_live_ + 32 random bytes, stored only as its SHA-256, listed by prefix', async () => {
    const t = await makeTenant('key');
    const created = await newKey(t, 'CRM');
    expect(created.key).toMatch(/^cf_live_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(created.key.slice(8), 'base64url')).toHaveLength(32);
    const [row] = await withTenant(t.tenantId, (tx) => tx.select().from(apiKeys).where(eq(apiKeys.id, created.id)));
    expect(row.keyHash).toBe(createHash('sha256').update(created.key).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(created.key);
    const listed = await withTenant(t.tenantId, (tx) => listApiKeys(tx));
    expect(listed).toEqual([
      expect.objectContaining({
        id: created.id,
        name: 'CRM',
        prefix: created.prefix,
        lastUsedAt: null,
        revokedAt: null,
      }),
    ]);
    expect(created.key.startsWith(created.prefix)).toBe(true);
  });

  it('authenticating a key names its tenant and records when it was used', async () => {
    const t = await makeTenant('key');
    const created = await newKey(t);
    expect(await authenticateApiKey(created.key)).toEqual({ tenantId: t.tenantId, apiKeyId: created.id });
    const [row] = await withTenant(t.tenantId, (tx) => listApiKeys(tx));
    expect(row.lastUsedAt).toBeInstanceOf(Date);
  });

  it('a malformed key is refused with a message saying what a key looks like', async () => {
    for (const bad of [
      '',
      'abc',
      'cf_live_short',
      `cf_test_${randomBytes(32).toString('base64url')}`,
      `cf_live_${randomBytes(32).toString('base64url')}!`,
    ]) {
      await expect(authenticateApiKey(bad)).rejects.toMatchObject({
        code: 'unauthenticated',
        message: expect.stringMatching(/^Malformed API key/),
      });
    }
  });

  it('unknown and revoked keys are refused alike', async () => {
    const t = await makeTenant('key');
    const created = await newKey(t);
    await expect(authenticateApiKey(`cf_live_${randomBytes(32).toString('base64url')}`)).rejects.toMatchObject({
      code: 'unauthenticated',
      message: 'Unknown or revoked API key.',
    });
    await withTenant(t.tenantId, (tx) =>
      revokeApiKey(tx, { tenantId: t.tenantId, apiKeyId: created.id, actor: { kind: 'user', userId: t.ownerUserId } }),
    );
    await expect(authenticateApiKey(created.key)).rejects.toMatchObject({
      code: 'unauthenticated',
      message: 'Unknown or revoked API key.',
    });
  });

  it('a tenant cannot revoke another tenant’s key', async () => {
    const a = await makeTenant('key-a');
    const b = await makeTenant('key-b');
    const bKey = await newKey(b);
    await expect(
      withTenant(a.tenantId, (tx) =>
        revokeApiKey(tx, { tenantId: b.tenantId, apiKeyId: bKey.id, actor: { kind: 'user', userId: a.ownerUserId } }),
      ),
    ).rejects.toMatchObject({ code: 'not_found' });
    expect(await authenticateApiKey(bKey.key)).toMatchObject({ tenantId: b.tenantId });
  });

  it('creation and revocation are audit-logged without the key', async () => {
    const t = await makeTenant('key');
    const created = await newKey(t);
    await withTenant(t.tenantId, (tx) =>
      revokeApiKey(tx, { tenantId: t.tenantId, apiKeyId: created.id, actor: { kind: 'user', userId: t.ownerUserId } }),
    );
    const rows = await withTenant(t.tenantId, (tx) =>
      tx.select().from(auditLog).where(eq(auditLog.targetId, created.id)),
    );
    expect(rows.map((r) => r.action).sort()).toEqual(['api_key.created', 'api_key.revoked']);
    expect(JSON.stringify(rows)).not.toContain(created.key);
  });

  it('an empty name is refused', async () => {
    const t = await makeTenant('key');
    await expect(newKey(t, '   ')).rejects.toMatchObject({ code: 'validation', message: 'Give the key a name.' });
  });
});

describe('the /api/v1 route wrapper', () => {
  const call = (
    handler: ReturnType<typeof apiRoute>,
    {
      key,
      url = 'http://test/api/v1/x',
      params = {},
      method = 'GET',
      body,
    }: { key?: string; url?: string; params?: Record<string, string>; method?: string; body?: string },
  ) =>
    handler(new Request(url, { method, headers: key ? { authorization: `Bearer ${key}` } : {}, body }), {
      params: Promise.resolve(params),
    });

  it('runs the handler inside the key’s tenant with parsed params, query and body', async () => {
    const t = await makeTenant('route');
    const { key, id } = await newKey(t);
    const route = apiRoute(
      {
        params: z.object({ n: z.coerce.number().int() }),
        query: z.object({ q: z.string() }),
        body: z.object({ text: z.string() }),
        status: 201,
      },
      async ({ tx, tenantId, apiKeyId, params, query, body }) => {
        const visible = await tx.select({ id: tenants.id }).from(tenants);
        return { tenantId, apiKeyId, n: params.n, q: query.q, text: body.text, visible: visible.map((v) => v.id) };
      },
    );
    const res = await call(route, {
      key,
      url: 'http://test/api/v1/x?q=hello',
      params: { n: '7' },
      method: 'POST',
      body: JSON.stringify({ text: 'hi' }),
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({
      tenantId: t.tenantId,
      apiKeyId: id,
      n: 7,
      q: 'hello',
      text: 'hi',
      visible: [t.tenantId],
    });
  });

  it('zod failures are 422 with the issues, bad JSON is 400', async () => {
    const t = await makeTenant('route');
    const { key } = await newKey(t);
    const route = apiRoute(
      { params: z.object({ n: z.coerce.number().int().positive() }), body: z.object({ text: z.string() }) },
      async () => ({ ok: true }),
    );
    const invalid = await call(route, { key, params: { n: 'abc' }, method: 'POST', body: JSON.stringify({ text: 5 }) });
    expect(invalid.status).toBe(422);
    const json = (await invalid.json()) as { error: { code: string; message: string; issues: { path: string }[] } };
    expect(json.error.code).toBe('validation');
    expect(json.error.issues.map((i) => i.path)).toEqual(['params.n']);
    const badJson = await call(route, { key, params: { n: '1' }, method: 'POST', body: '{nope' });
    expect(badJson.status).toBe(400);
    expect(await badJson.json()).toEqual({
      error: { code: 'bad_request', message: 'The request body is not valid JSON.' },
    });
  });

  it('AppError keeps its status and message; unknown errors are a generic 500 without internals', async () => {
    const t = await makeTenant('route');
    const { key } = await newKey(t);
    const notFound = apiRoute({}, async () => {
      throw new AppError('not_found', 'Case 9 not found.');
    });
    const res = await call(notFound, { key });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: 'not_found', message: 'Case 9 not found.' } });

    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    const boom = apiRoute({}, async () => {
      throw new Error('password=hunter2 at /srv/app/lib/secret.ts:12');
    });
    const crashed = await call(boom, { key });
    spy.mockRestore();
    expect(crashed.status).toBe(500);
    const text = await crashed.text();
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('secret.ts');
    expect(JSON.parse(text)).toEqual({
      error: { code: 'internal', message: 'Something went wrong on our side. Try again later.' },
    });
  });

  it('no or malformed Authorization header is 401 and the handler never runs', async () => {
    const handler = vi.fn(async () => ({}));
    const route = apiRoute({}, handler);
    for (const headers of [{}, { authorization: 'Basic abc' }, { authorization: 'Bearer cf_live_nope' }] as Record<
      string,
      string
    >[]) {
      const res = await route(new Request('http://test/api/v1/x', { headers }), { params: Promise.resolve({}) });
      expect(res.status).toBe(401);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unauthenticated');
    }
    expect(handler).not.toHaveBeenCalled();
  });

  it('a tenant’s key sees no other tenant’s rows even when the handler asks for them', async () => {
    const a = await makeTenant('route-a');
    const b = await makeTenant('route-b');
    const { key } = await newKey(a);
    const route = apiRoute({}, async ({ tx }) =>
      tx.select({ id: tenants.id }).from(tenants).where(eq(tenants.id, b.tenantId)),
    );
    const res = await call(route, { key });
    expect(await res.json()).toEqual([]);
    const all = await withSystem((tx) => tx.select({ id: tenants.id }).from(tenants).where(eq(tenants.id, b.tenantId)));
    expect(all).toHaveLength(1);
  });
});
