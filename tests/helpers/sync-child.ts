// A sync run in its own process, so a test can SIGKILL it at any point.
// argv: <batchSize>; reads the mailbox id as one line on stdin, then syncs: a process can be started ahead of
// time (its imports loaded) and handed its mailbox when the previous run has been killed. Prints "batch" after
// each commit and "done <json>" at the end.
import { createInterface } from 'node:readline';
import { closeDb } from '@/db/client';
import { syncMailbox } from '@/lib/mailboxes/sync-mailbox';

const [batchSize] = process.argv.slice(2);
const lines = createInterface({ input: process.stdin });
lines.once('line', (mailboxId) => {
  lines.close();
  syncMailbox(mailboxId.trim(), {
    untilEmpty: true,
    batchSize: Number(batchSize) || 10,
    afterCommit: () => {
      process.stdout.write('batch\n');
    },
  })
    .then(async (summary) => {
      process.stdout.write(`done ${JSON.stringify(summary)}\n`);
      await closeDb();
    })
    .catch((err) => {
      process.stderr.write(`failed ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    });
});
