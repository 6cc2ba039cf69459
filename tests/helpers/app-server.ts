// Runs the built Next.js app (`next start`) against a test database on a free port.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(__dirname, '..', '..');
const nextBin = path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next');

export type AppServer = { url: string; stop: () => Promise<void>; output: () => string; pid: number };

export async function startApp({
  databaseUrl,
  env = {},
  port: fixedPort,
}: {
  databaseUrl: string;
  env?: Record<string, string>;
  /** A restart on the same address (open tabs reconnect to it); a free port when unset. */
  port?: number;
}): Promise<AppServer> {
  ensureBuilt();
  const port = fixedPort ?? (await freePort());
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'caseflow-app-'));
  let log = '';
  const child = spawn(process.execPath, [nextBin, 'start', '-p', String(port), '-H', '127.0.0.1'], {
    cwd: root,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      NODE_ENV: 'production',
      APP_URL: `http://127.0.0.1:${port}`,
      DATABASE_URL: databaseUrl,
      AUTH_SECRET: process.env.AUTH_SECRET ?? 'test-auth-secret-test-auth-secret-0123456789',
      ENCRYPTION_KEYS: process.env.ENCRYPTION_KEYS ?? 'test1:' + Buffer.alloc(32, 7).toString('base64'),
      AUTH_TRUST_HOST: 'true',
      ALLOW_PRIVATE_HOSTS: process.env.ALLOW_PRIVATE_HOSTS ?? '127.0.0.0/8,::1,localhost',
      RUNNER_DISABLED: 'true',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      NEXT_TELEMETRY_DISABLED: '1',
      ...env,
    },
  });
  const append = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitUntilServing(url, child, () => log);
  } catch (err) {
    await kill(child);
    throw err;
  }
  return {
    url,
    pid: child.pid!,
    output: () => log,
    stop: async () => {
      await kill(child);
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

// A lone `vitest --project e2e` works on a fresh clone; `npm test` builds before the suite runs.
function ensureBuilt(): void {
  if (fs.existsSync(path.join(root, '.next', 'BUILD_ID'))) return;
  const built = spawnSync(process.execPath, [nextBin, 'build'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (built.status !== 0) throw new Error('next build failed (see output above)');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitUntilServing(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}:\n${output()}`);
    try {
      const res = await fetch(`${url}/sign-in`, { redirect: 'manual', signal: AbortSignal.timeout(5_000) });
      if (res.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`next start did not answer within 120 s:\n${output()}`);
}

/** Signs in through next-auth's own endpoints (no browser) and returns the Cookie header for later requests. */
export async function signInCookie(url: string, email: string, password: string): Promise<string> {
  const csrf = await fetch(`${url}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const jar = new Map<string, string>();
  const keep = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      jar.set(pair.slice(0, i), pair.slice(i + 1));
    }
  };
  keep(csrf);
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const res = await fetch(`${url}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookie() },
    body: new URLSearchParams({ csrfToken, email, password, callbackUrl: url }),
  });
  keep(res);
  if (![...jar.keys()].some((k) => k.endsWith('authjs.session-token')))
    throw new Error(`sign-in as ${email} failed (${res.status} ${res.headers.get('location')})`);
  return cookie();
}

async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    return;
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }, 5_000);
  await exited;
  clearTimeout(timer);
}
