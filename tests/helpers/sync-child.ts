// A sync run in its own process, so a test can SIGKILL it at any point.
// argv: <mailboxId> <batchSize>; prints "batch" after each commit and "done <json>" at the end.
import { closeDb } from '@/db/client';
import { syncMailbox } from '@/lib/mailboxes/sync-mailbox';

const [mailboxId, batchSize] = process.argv.slice(2);
syncMailbox(mailboxId, {
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
