// Slow clients against `npm start` itself (raw sockets, the real server): clients that send their headers
// or their body a byte at a time are cut off at the server's deadlines while another tenant is answered.
// Under `next start` Node's defaults applied (headers within 60 s, a request within 300 s, checked every
// 30 s): a trickling client kept its socket for a minute or more, and ten of them kept ten.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { withTenant } from '@/db/tenancy';
import { createApiKey } from '@/lib/api-keys/create-api-key';
import { freePort } from '../helpers/free-port';
import { makeMailboxRow } from '../helpers/receive-mail';
import { makeTenant } from '../helpers/tenant';

const root = path.resolve(__dirname, '../..');
const DEADLINE_MS = 2_000;
let child: ChildProcess;
let port: number;
let log = '';

beforeAll(async () => {
  if (!fs.existsSync(path.join(root, '.next', 'BUILD_ID')))
    throw new Error('build the app first (npm test does): npx next build');
  port = await freePort();
  child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'lib/server/start.ts')], {
    cwd: root,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      DATABASE_URL: inject('databaseUrl'),
      PORT: String(port),
      CASEFLOW_SKIP_BUILD: '1',
      RUNNER_DISABLED: 'true',
      REQUEST_HEADERS_TIMEOUT_MS: String(DEADLINE_MS),
      REQUEST_BODY_TIMEOUT_MS: String(DEADLINE_MS),
      DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'caseflow-slow-')),
      LOG_LEVEL: 'warn',
    },
  });
  child.stdout!.on('data', (d) => (log += d));
  child.stderr!.on('data', (d) => (log += d));
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/sign-in`)).status < 500) break;
    } catch {
      // not up yet
    }
    if (child.exitCode !== null || i > 600) throw new Error(`npm start did not serve: ${log.slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
});

afterAll(() => {
  try {
    process.kill(-child.pid!, 'SIGKILL');
  } catch {
    // already gone
  }
});

async function tenantKey(label: string) {
  const t = await makeTenant(label);
  const { key } = await withTenant(t.tenantId, (tx) =>
    createApiKey(tx, { tenantId: t.tenantId, name: 'k', createdBy: null }),
  );
  return { ...t, key };
}

/** A client that writes `head`, then one more byte every 300 ms; resolves with how long until the server closed it. */
function trickle(head: string, drip: string): Promise<{ closedAfterMs: number; answer: string }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    let answer = '';
    const socket = net.connect(port, '127.0.0.1', () => socket.write(head));
    const timer = setInterval(() => socket.writable && socket.write(drip), 300);
    const giveUp = setTimeout(() => socket.destroy(), 30_000); // the old defaults would go on for minutes
    socket.on('data', (d) => (answer += d.toString('latin1')));
    socket.on('error', () => {}); // a reset while writing is the server closing it too
    socket.on('close', () => {
      clearInterval(timer);
      clearTimeout(giveUp);
      resolve({ closedAfterMs: Date.now() - started, answer });
    });
    socket.on('timeout', reject);
  });
}

describe('slow clients against npm start', () => {
  it("ten clients trickling headers or a body are cut off at the deadlines, and another tenant's request is answered meanwhile", async () => {
    const attacker = await tenantKey('slowloris');
    const mailbox = await makeMailboxRow(attacker.tenantId);
    const other = await tenantKey('patient');

    const slowHeaders = Array.from({ length: 5 }, () =>
      trickle(`GET /api/v1/tenant HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n`, 'X'),
    );
    const slowBodies = Array.from({ length: 5 }, () =>
      trickle(
        `POST /api/v1/mailboxes/${mailbox.id}/simulate HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n` +
          `Authorization: Bearer ${attacker.key}\r\nContent-Type: message/rfc822\r\nContent-Length: 1000000\r\n\r\n` +
          'From: a@example.org\r\n',
        'x',
      ),
    );
    await new Promise((r) => setTimeout(r, 500));

    const asked = Date.now();
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/tenant`, {
      headers: { authorization: `Bearer ${other.key}` },
      signal: AbortSignal.timeout(10_000),
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { id: string }).id).toBe(other.tenantId);
    const answeredMs = Date.now() - asked;

    const headerClients = await Promise.all(slowHeaders);
    const bodyClients = await Promise.all(slowBodies);
    console.log(
      `[slow clients] other tenant answered in ${answeredMs} ms; header tricklers closed after`,
      headerClients.map((c) => c.closedAfterMs),
      'ms; body tricklers after',
      bodyClients.map((c) => c.closedAfterMs),
      'ms',
    );
    // Deadline 2 s (checked every second); under the old defaults these sockets stayed open 60 s and more.
    for (const c of [...headerClients, ...bodyClients]) expect(c.closedAfterMs).toBeLessThan(15_000);
    // A body that never completes is answered 408 by the route's own deadline before the socket is closed.
    for (const c of bodyClients) expect(c.answer).toMatch(/^HTTP\/1\.1 408/);
  });
});
