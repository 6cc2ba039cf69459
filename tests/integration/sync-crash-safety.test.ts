// Nothing lost, nothing done twice (docs/architecture.md, invariants 1 and 2): a sync process SIGKILLed at random
// points ≥ 30 times during a 300-message import, then restarted until it completes.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { confirmMailboxImport } from '@/lib/mailboxes/confirm-import';
import { buildMailboxEntries } from '../helpers/mail-builder';
import { makeMailbox, type Variant } from '../helpers/mailbox-fixture';
import { runSyncChild, storedMessagesAndOutcomes } from '../helpers/run-sync-child';
import { useDovecot } from '../helpers/use-dovecot';

const dovecot = useDovecot();

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

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
      const result = await runSyncChild(fx.mailboxId, {
        batchSize: 5,
        killAfterBatches: stop ? 1 + Math.floor(random() * 2) : null,
        delayMs: Math.floor(random() * 40),
      });
      if (result.killed) kills++;
      if (result.done) break;
    }
    expect(kills).toBeGreaterThanOrEqual(minKills);

    const { raws, outcomes } = await storedMessagesAndOutcomes(fx.tenant.tenantId);
    expect(raws).toHaveLength(n);
    expect(new Set(raws.map((r) => r.sha256))).toEqual(new Set(entries.map((e) => sha(e.raw))));
    expect(outcomes).toHaveLength(n); // one outcome per raw message, none twice
    expect(new Set(outcomes).size).toBe(n);
    expect(await dovecot.count(fx.user)).toBe(0);
  });
});
