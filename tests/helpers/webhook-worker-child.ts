// A worker in its own process, so a test can SIGKILL it between the case commit and the webhook
// delivery: sync one message at a time, fan the tenant's outbox out to webhook deliveries, send
// what is due. argv: <mailboxId> <tenantId> [final]. Prints "committed" after each sync commit,
// then "dispatched", "delivered <n>", "done".
// "final" plays the next runner after a crash: claims left by killed workers have run out.
import { closeDb } from '@/db/client';
import { syncMailbox } from '@/lib/mailboxes/sync-mailbox';
import { deliverDueWebhooks } from '@/lib/webhooks/deliver-due-webhooks';
import { dispatchTenantOutbox } from './dispatch-tenant-outbox';

const [mailboxId, tenantId, mode] = process.argv.slice(2);

async function main() {
  await syncMailbox(mailboxId, {
    untilEmpty: true,
    batchSize: 1,
    afterCommit: () => void process.stdout.write('committed\n'),
  });
  await dispatchTenantOutbox(tenantId);
  process.stdout.write('dispatched\n');
  const now = mode === 'final' ? new Date(Date.now() + 120_000) : undefined;
  const summary = await deliverDueWebhooks({ tenantId, now });
  process.stdout.write(`delivered ${summary.succeeded}\n`);
  await closeDb();
  process.stdout.write('done\n');
}

main().catch((err) => {
  process.stderr.write(`failed ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
