// Tenant A's session or API key asking for tenant B's slug or ids gets 404, for every
// route in tests/helpers/isolation-routes.ts. Own-tenant requests are checked too (for rows whose path
// depends on the tenant), so a route that 404s for everyone cannot pass by accident.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { withTenant } from '@/db/tenancy';
import { createApiKey } from '@/lib/api-keys/create-api-key';
import { signInCookie, startApp, type AppServer } from '../helpers/app-server';
import { apiRoutes, isolationSeeds, pageRoutes, type IsolationTenant } from '../helpers/isolation-routes';
import { makeTenant } from '../helpers/tenant';

let app: AppServer;
let a: IsolationTenant;
let b: IsolationTenant;
let cookieA: string;

async function isolationTenant(label: string): Promise<IsolationTenant> {
  const tenant = await makeTenant(label);
  const { key } = await withTenant(tenant.tenantId, (tx) =>
    createApiKey(tx, { tenantId: tenant.tenantId, name: 'isolation', createdBy: tenant.ownerUserId }),
  );
  const ids: Record<string, string> = {};
  for (const seed of isolationSeeds) Object.assign(ids, await seed(tenant));
  return { ...tenant, apiKey: key, ids };
}

beforeAll(async () => {
  [app, a, b] = await Promise.all([
    startApp({ databaseUrl: inject('databaseUrl') }),
    isolationTenant('iso-a'),
    isolationTenant('iso-b'),
  ]);
  cookieA = await signInCookie(app.url, a.ownerEmail, a.ownerPassword);
});

afterAll(async () => {
  await app?.stop();
});

describe('tenant isolation over HTTP', () => {
  it('every page route answers 404 to another tenant’s member and works for its own', async () => {
    expect(pageRoutes.length).toBeGreaterThan(0);
    for (const route of pageRoutes) {
      const foreign = await fetch(app.url + route.path({ own: a, other: b }), {
        headers: { cookie: cookieA },
        redirect: 'manual',
      });
      expect(foreign.status, `${route.name} with B's slug/ids`).toBe(404);
      const body = await foreign.text();
      expect(body).not.toContain(b.name);
      if (route.path({ own: a, other: a }) === route.path({ own: a, other: b })) continue; // a row that names no tenant
      const own = await fetch(app.url + route.path({ own: a, other: a }), {
        headers: { cookie: cookieA },
        redirect: 'manual',
      });
      expect(own.status, `${route.name} with A's own slug/ids`).toBe(200);
    }
  });

  it('an unknown slug looks exactly like another tenant’s slug', async () => {
    const unknown = await fetch(`${app.url}/t/no-such-tenant-${Date.now()}`, {
      headers: { cookie: cookieA },
      redirect: 'manual',
    });
    const foreign = await fetch(`${app.url}/t/${b.slug}`, { headers: { cookie: cookieA }, redirect: 'manual' });
    expect(unknown.status).toBe(404);
    expect(foreign.status).toBe(404);
  });

  it('a signed-out visitor is sent to sign-in whether or not the slug exists', async () => {
    for (const path of [`/t/${b.slug}`, `/t/no-such-tenant-${Date.now()}`]) {
      const res = await fetch(app.url + path, { redirect: 'manual' });
      expect(res.status).toBe(307);
      expect(res.headers.get('location')).toContain('/sign-in');
    }
  });

  it('every API route answers 404 to another tenant’s key', async () => {
    for (const route of apiRoutes) {
      const call = (ctxOther: IsolationTenant) =>
        fetch(app.url + route.path({ own: a, other: ctxOther }), {
          method: route.method,
          headers: { authorization: `Bearer ${a.apiKey}`, 'content-type': 'application/json' },
          body: route.body ? JSON.stringify(route.body({ own: a, other: ctxOther })) : undefined,
        });
      const foreign = await call(b);
      expect(foreign.status, `${route.method} ${route.name} with B's ids`).toBe(404);
      expect(((await foreign.json()) as { error: { code: string } }).error.code).toBe('not_found');
      if (route.path({ own: a, other: a }) === route.path({ own: a, other: b })) continue; // a row that names no tenant (e.g. a forged id)
      const own = await call(a);
      expect(own.status, `${route.method} ${route.name} with A's own ids`).not.toBe(404);
    }
  });

  it('GET /api/v1/tenant answers with the key’s own tenant only', async () => {
    for (const t of [a, b]) {
      const res = await fetch(`${app.url}/api/v1/tenant`, { headers: { authorization: `Bearer ${t.apiKey}` } });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ id: t.tenantId, slug: t.slug, name: t.name });
    }
  });
});
