// Nothing lost, nothing done twice (docs/architecture.md, invariants 1 and 2): a sync process SIGKILLed at random
// points ≥ 30 times during a 300-message import, then restarted until it completes.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { caseMessages, ignoredMessages, rawMessages } from '@/db/schema';
import { withTenant } from '@/db/tenancy';
import { confirmMailboxImport } from '@/lib/mailboxes/confirm-import';
import { buildMailboxEntries } from '../helpers/mail-builder';
import { makeMailbox, type Variant } from '../helpers/mailbox-fixture';
import { useDovecot } from '../helpers/use-dovecot';

const dovecot = useDovecot();

const root = path.resolve(__dirname, '../..');
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** Runs the child; kills it with SIGKILL after `killAfterBatches` commits plus a random delay (or never). */
function runChild(
  mailboxId: string,
  killAfterBatches: number | null,
  delayMs: number,
): Promise<{ killed: boolean; done: boolean }> {
  return new Promise((resolve, reject) => {
    // `--import tsx` keeps the sync in this very process (the tsx CLI would fork a grandchild that a kill misses).
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(root, 'tests/helpers/sync-child.ts'), mailboxId, '5'],
      {
        cwd: root,
        // One message thread: each of the ~45 runs starts its own pool, and a thread's start-up is most of a short run.
        env: { ...process.env, MESSAGE_WORKERS: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let batches = 0;
    let done = false;
    let killed = false;
    let stderr = '';
    const kill = () => {
      if (!killed && child.exitCode === null) {
        killed = true;
        child.kill('SIGKILL');
      }
    };
    child.stdout.on('data', (d: Buffer) => {
      for (const line of d.toString().split('\n')) {
        if (line === 'batch' && ++batches === killAfterBatches) setTimeout(kill, delayMs);
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
      else resolve({ killed: killed && !done, done });
    });
  });
}

const crashVariants: Variant[] = [
  { name: 'IMAP', protocol: 'imap', starttls: 'off' },
  { name: 'POP3', protocol: 'pop3', starttls: 'off' },
];

describe.each(crashVariants)('a sync over $name killed at random points', (variant) => {
  it('leaves every message stored exactly once and the server mailbox empty', { timeout: 600_000 }, async () => {
    const fx = await makeMailbox(dovecot, variant);
    // IMAP: 300 messages, ≥ 30 kills. POP3 commits its deletions only at QUIT, so every run starts over from the
    // first message; fewer messages and kills show the same there.
    const n = variant.protocol === 'imap' ? 300 : 60;
    const entries = buildMailboxEntries(n, 42, fx.address);
    await dovecot.append(
      fx.user,
      entries.map((e) => e.raw),
      { via: 'imap' },
    );
    await confirmMailboxImport(fx.tenant.tenantId, fx.mailboxId);

    let seed = 1234;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    let kills = 0;
    const minKills = variant.protocol === 'imap' ? 30 : 6;
    for (let attempt = 0; attempt < 200; attempt++) {
      const stop = kills < minKills;
      const result = await runChild(
        fx.mailboxId,
        stop ? 1 + Math.floor(random() * 2) : null,
        Math.floor(random() * 40),
      );
      if (result.killed) kills++;
      if (result.done) break;
    }
    expect(kills).toBeGreaterThanOrEqual(minKills);

    const { raws, inbound, ignored } = await withTenant(fx.tenant.tenantId, async (tx) => ({
      raws: await tx.select({ id: rawMessages.id, sha256: rawMessages.sha256 }).from(rawMessages),
      inbound: await tx.select({ raw: caseMessages.rawMessageId }).from(caseMessages),
      ignored: await tx.select({ raw: ignoredMessages.rawMessageId }).from(ignoredMessages),
    }));
    const outcomes = [...inbound.map((m) => m.raw), ...ignored.map((m) => m.raw)].filter(Boolean);
    expect(raws).toHaveLength(n);
    expect(new Set(raws.map((r) => r.sha256))).toEqual(new Set(entries.map((e) => sha(e.raw))));
    expect(outcomes).toHaveLength(n); // one outcome per raw message, none twice
    expect(new Set(outcomes).size).toBe(n);
    expect(await dovecot.count(fx.user)).toBe(0);
  });
});
