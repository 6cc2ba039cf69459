// The operator CLI creates a tenant and a key, the running app
// answers GET /api/v1/tenant with that key; bad keys get a clear 401 without internals.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startApp, type AppServer } from '../helpers/app-server';

const root = path.resolve(__dirname, '..', '..');
let app: AppServer;

beforeAll(async () => {
  app = await startApp({ databaseUrl: inject('databaseUrl') });
});

afterAll(async () => {
  await app?.stop();
});

function cli(args: string[], stdin = ''): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'lib/cli/main.ts', ...args],
      {
        cwd: root,
        env: { ...process.env, DATABASE_URL: inject('databaseUrl') },
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

const get = (key: string) => fetch(`${app.url}/api/v1/tenant`, { headers: { authorization: `Bearer ${key}` } });

describe('operator CLI and the REST API', () => {
  it('tenant create then apikey create gives a key that GET /api/v1/tenant accepts', async () => {
    const slug = `cli-${randomBytes(3).toString('hex')}`;
    const created = await cli(
      [
        'tenant',
        'create',
        '--name',
        'CLI Co',
        '--slug',
        slug,
        '--owner-email',
        `${slug}@example.test`,
        '--owner-password-stdin',
      ],
      'cli-owner-password\n',
    );
    expect(created.code, created.stderr).toBe(0);
    const tenant = JSON.parse(created.stdout) as { id: string; slug: string; name: string };
    expect(tenant).toMatchObject({ slug, name: 'CLI Co' });

    const key = await cli(['apikey', 'create', '--tenant', slug, '--name', 'curl']);
    expect(key.code, key.stderr).toBe(0);
    const printed = JSON.parse(key.stdout) as { id: string; key: string; prefix: string; tenant: string };
    expect(printed.key).toMatch(/^cf_live_[A-Za-z0-9_-]{43}$/);
    expect(printed.key.startsWith(printed.prefix)).toBe(true);
    expect(printed.tenant).toBe(slug);

    const res = await get(printed.key);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ id: tenant.id, name: 'CLI Co', slug });
    expect(typeof body.createdAt).toBe('string');

    const listed = await cli(['tenant', 'list']);
    expect(listed.code).toBe(0);
    expect((JSON.parse(listed.stdout) as { slug: string }[]).map((t) => t.slug)).toContain(slug);

    const revoke = await cli(['apikey', 'revoke', '--tenant', slug, '--id', printed.id]);
    expect(revoke.code, revoke.stderr).toBe(0);
    const afterRevoke = await get(printed.key);
    expect(afterRevoke.status).toBe(401);
    expect(await afterRevoke.json()).toEqual({
      error: { code: 'unauthenticated', message: 'Unknown or revoked API key.' },
    });
  });

  it('CLI failures: unknown tenant exits 1 with a JSON error, a missing flag exits 2', async () => {
    const unknown = await cli(['apikey', 'create', '--tenant', 'no-such-tenant', '--name', 'x']);
    expect(unknown.code).toBe(1);
    expect(unknown.stdout).toBe('');
    expect(JSON.parse(unknown.stderr.trim().split('\n').pop()!)).toEqual({
      error: {
        code: 'not_found',
        message: 'No tenant with the slug "no-such-tenant". See: npm run cli -- tenant list',
      },
    });
    const usage = await cli(['tenant', 'create', '--name', 'X']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('Missing --slug.');
    const weak = await cli(
      [
        'tenant',
        'create',
        '--name',
        'Weak',
        '--slug',
        `weak-${randomBytes(3).toString('hex')}`,
        '--owner-email',
        'weak@example.test',
        '--owner-password-stdin',
      ],
      'short\n',
    );
    expect(weak.code).toBe(1);
    expect(weak.stderr).toContain('Use at least 12 characters for the password.');
    expect(weak.stderr).not.toMatch(/\n\s+at /);
  });

  it('a malformed, missing or unknown API key gets 401 with a clear message and no internals', async () => {
    const malformed = await get('not-a-key');
    expect(malformed.status).toBe(401);
    expect(malformed.headers.get('www-authenticate')).toContain('Bearer');
    const body = (await malformed.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('unauthenticated');
    expect(body.error.message).toMatch(/^Malformed API key: expected "cf_live_"/);

    const missing = await fetch(`${app.url}/api/v1/tenant`);
    expect(missing.status).toBe(401);
    expect(((await missing.json()) as { error: { message: string } }).error.message).toContain('Missing API key');

    const unknown = await get(`cf_live_${randomBytes(32).toString('base64url')}`);
    expect(unknown.status).toBe(401);
    expect(await unknown.json()).toEqual({
      error: { code: 'unauthenticated', message: 'Unknown or revoked API key.' },
    });
  });

  it('an unknown /api/v1 path is a JSON 404 once the key is valid, 401 before', async () => {
    const noKey = await fetch(`${app.url}/api/v1/nothing-here`);
    expect(noKey.status).toBe(401);
    const slug = `cli-${randomBytes(3).toString('hex')}`;
    await cli(
      [
        'tenant',
        'create',
        '--name',
        'Paths',
        '--slug',
        slug,
        '--owner-email',
        `${slug}@example.test`,
        '--owner-password-stdin',
      ],
      'paths-owner-password\n',
    );
    const { key } = JSON.parse((await cli(['apikey', 'create', '--tenant', slug, '--name', 'k'])).stdout) as {
      key: string;
    };
    const res = await fetch(`${app.url}/api/v1/nothing-here`, { headers: { authorization: `Bearer ${key}` } });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: 'not_found', message: 'No such API endpoint.' } });
  });
});
