// Nothing lost, nothing done twice for the mail-API sources: a sync process SIGKILLed at random points during
// the import of a Graph and a Gmail API mailbox (fakes in this process, the sync in a child), then restarted
// until it completes. Each message is stored once, has one outcome, and is gone from the source.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseMessages, ignoredMessages, rawMessages } from '@/db/schema';
import { withTenant } from '@/db/tenancy';
import { confirmMailboxImport } from '@/lib/mailboxes/confirm-import';
import { makeGmailMailbox, makeGraphMailbox } from '../helpers/api-mailbox';
import { startFakeGmail, type FakeGmail } from '../helpers/fake-gmail';
import { startFakeGraph, type FakeGraph } from '../helpers/fake-graph';
import { buildMailboxEntries } from '../helpers/mail-builder';
import { startOAuthProvider, type TestOAuthProvider } from '../helpers/oauth-provider';

let provider: TestOAuthProvider;
let graph: FakeGraph;
let gmail: FakeGmail;
beforeAll(async () => {
  provider = await startOAuthProvider();
  graph = await startFakeGraph(provider);
  gmail = await startFakeGmail(provider);
});
afterAll(async () => {
  await graph?.stop();
  await gmail?.stop();
  await provider?.stop();
});

const root = path.resolve(__dirname, '../..');
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** Runs the sync child (batches of 4); kills it with SIGKILL `delayMs` after its first commit, or never. */
function runChild(mailboxId: string, kill: boolean, delayMs: number): Promise<{ killed: boolean; done: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(root, 'tests/helpers/sync-child.ts'), mailboxId, '4'],
      { cwd: root, env: { ...process.env, MESSAGE_WORKERS: '1' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let done = false;
    let killed = false;
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      for (const line of d.toString().split('\n')) {
        if (line === 'batch' && kill && !killed)
          setTimeout(() => {
            if (!killed && child.exitCode === null) {
              killed = true;
              child.kill('SIGKILL');
            }
          }, delayMs);
        if (line.startsWith('done ')) {
          const summary = JSON.parse(line.slice(5));
          if (summary.error) stderr += `sync error: ${JSON.stringify(summary.error)}\n`;
          done = !summary.skipped && !summary.error;
        }
      }
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (!killed && code !== 0) reject(new Error(`sync child failed (${code}): ${stderr.slice(-2000)}`));
      else if (!killed && !done) reject(new Error(`sync child did not finish: ${stderr.slice(-2000)}`));
      else resolve({ killed: killed && !done, done });
    });
  });
}

describe.each(['graph', 'gmail-api'] as const)('a %s import killed at random points', (protocol) => {
  it('leaves every message stored exactly once and the source folder empty', { timeout: 120_000 }, async () => {
    const fx =
      protocol === 'graph'
        ? await makeGraphMailbox(provider, graph, { mode: 'delegated' })
        : await makeGmailMailbox(provider, gmail);
    const n = 16;
    const entries = buildMailboxEntries(n, 7, fx.address);
    for (const e of entries) {
      if (protocol === 'graph') graph.deliver(fx.address, e.raw);
      else gmail.deliver(fx.address, e.raw);
    }
    await confirmMailboxImport(fx.tenant.tenantId, fx.mailboxId);

    let seed = 99;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    let kills = 0;
    for (let attempt = 0; attempt < 20; attempt++) {
      const result = await runChild(fx.mailboxId, kills < 2, Math.floor(random() * 30));
      if (result.killed) kills++;
      if (result.done) break;
    }
    expect(kills).toBeGreaterThanOrEqual(2);

    const { raws, inbound, ignored } = await withTenant(fx.tenant.tenantId, async (tx) => ({
      raws: await tx.select({ sha256: rawMessages.sha256, uidl: rawMessages.uidl }).from(rawMessages),
      inbound: await tx.select({ raw: caseMessages.rawMessageId }).from(caseMessages),
      ignored: await tx.select({ raw: ignoredMessages.rawMessageId }).from(ignoredMessages),
    }));
    const outcomes = [...inbound.map((m) => m.raw), ...ignored.map((m) => m.raw)].filter(Boolean);
    expect(raws).toHaveLength(n);
    expect(new Set(raws.map((r) => r.sha256))).toEqual(new Set(entries.map((e) => sha(e.raw))));
    expect(new Set(raws.map((r) => r.uidl)).size).toBe(n);
    expect(outcomes).toHaveLength(n);
    expect(new Set(outcomes).size).toBe(n);
    const left = protocol === 'graph' ? graph.messages(fx.address) : gmail.messages(fx.address);
    expect(left).toHaveLength(0);
  });
});
