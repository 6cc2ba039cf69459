// Nothing lost, nothing done twice for the mail-API sources: a sync process SIGKILLed at random points during
// the import of a Graph and a Gmail API mailbox (fakes in this process, the sync in a child), then restarted
// until it completes. Each message is stored once, has one outcome, and is gone from the source.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { confirmMailboxImport } from '@/lib/mailboxes/confirm-import';
import { makeGmailMailbox, makeGraphMailbox } from '../helpers/api-mailbox';
import { buildMailboxEntries } from '../helpers/mail-builder';
import { runSyncChild, storedMessagesAndOutcomes } from '../helpers/run-sync-child';
import { useMailApiFakes } from '../helpers/use-mail-api-fakes';

const { provider, graph, gmail } = useMailApiFakes();

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

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
      // Batches of 4, killed a moment after the first commit until it has been killed twice.
      const result = await runSyncChild(fx.mailboxId, {
        batchSize: 4,
        killAfterBatches: kills < 2 ? 1 : null,
        delayMs: Math.floor(random() * 30),
      });
      if (!result.killed && !result.done) throw new Error(`sync child did not finish: ${result.stderr.slice(-2000)}`);
      if (result.killed) kills++;
      if (result.done) break;
    }
    expect(kills).toBeGreaterThanOrEqual(2);

    const { raws, outcomes } = await storedMessagesAndOutcomes(fx.tenant.tenantId);
    expect(raws).toHaveLength(n);
    expect(new Set(raws.map((r) => r.sha256))).toEqual(new Set(entries.map((e) => sha(e.raw))));
    expect(new Set(raws.map((r) => r.uidl)).size).toBe(n);
    expect(outcomes).toHaveLength(n);
    expect(new Set(outcomes).size).toBe(n);
    const left = protocol === 'graph' ? graph.messages(fx.address) : gmail.messages(fx.address);
    expect(left).toHaveLength(0);
  });
});
