// A sync run in its own process, so a test can SIGKILL it at any point (started ahead by warm-children.ts).
// Arguments from the parent: <mailboxId> <batchSize>. Prints "batch" after each commit and "done <json>" at the end.
import { closeDb } from '@/db/client';
import { syncMailbox } from '@/lib/mailboxes/sync-mailbox';
import { argsFromParent } from './child-args';

argsFromParent()
  .then(async ([mailboxId, batchSize]) => {
    const summary = await syncMailbox(mailboxId, {
      untilEmpty: true,
      batchSize: Number(batchSize) || 10,
      afterCommit: () => {
        process.stdout.write('batch\n');
      },
    });
    process.stdout.write(`done ${JSON.stringify(summary)}\n`);
    await closeDb();
  })
  .catch((err) => {
    process.stderr.write(`failed ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
