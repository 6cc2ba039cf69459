// One sync run in a child process (tests/helpers/sync-child.ts), optionally SIGKILLed a random delay after its
// n-th commit: the crash-safety tests (IMAP/POP3 and the mail APIs) restart it until a run completes and then check
// that nothing was lost or done twice.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { caseMessages, ignoredMessages, rawMessages } from '@/db/schema';
import { withTenant } from '@/db/tenancy';

const root = path.resolve(__dirname, '../..');

export type SyncChildRun = {
  /** The child was killed before it finished. */
  killed: boolean;
  /** It finished the whole mailbox: not skipped, no error. */
  done: boolean;
  /** Its stderr (and any sync error it reported), for a failure message. */
  stderr: string;
};

/**
 * Runs the sync child with `batchSize`; kills it with SIGKILL `delayMs` after its `killAfterBatches`-th commit
 * (null: never). Rejects only when the child fails without having been killed.
 */
export function runSyncChild(
  mailboxId: string,
  opts: { batchSize: number; killAfterBatches: number | null; delayMs: number },
): Promise<SyncChildRun> {
  return new Promise((resolve, reject) => {
    // `--import tsx` keeps the sync in this very process (the tsx CLI would fork a grandchild that a kill misses).
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(root, 'tests/helpers/sync-child.ts'), mailboxId, String(opts.batchSize)],
      {
        cwd: root,
        // One message thread: each of the many runs starts its own pool, and a thread's start-up is most of a short run.
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
        if (line === 'batch' && ++batches === opts.killAfterBatches) setTimeout(kill, opts.delayMs);
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
      else resolve({ killed: killed && !done, done, stderr });
    });
  });
}

/** What the runs left behind: every stored original, and the raw message of every outcome (a case message or an
 * ignored one), for "each message stored once, with one outcome". */
export async function storedMessagesAndOutcomes(tenantId: string) {
  const { raws, inbound, ignored } = await withTenant(tenantId, async (tx) => ({
    raws: await tx.select({ sha256: rawMessages.sha256, uidl: rawMessages.uidl }).from(rawMessages),
    inbound: await tx.select({ raw: caseMessages.rawMessageId }).from(caseMessages),
    ignored: await tx.select({ raw: ignoredMessages.rawMessageId }).from(ignoredMessages),
  }));
  const outcomes = [...inbound.map((m) => m.raw), ...ignored.map((m) => m.raw)].filter(Boolean);
  return { raws, outcomes };
}
