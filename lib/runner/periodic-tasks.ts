// Work the runner does on every tick besides syncs and the outbox (e.g. webhook deliveries).
// Each task claims its own rows in PostgreSQL, so several runners can run it at once.
export type PeriodicTask = {
  name: string;
  /** `tenantIds` narrows the work (a runner dedicated to some tenants; tests). */
  run: (scope?: { tenantIds?: string[] }) => Promise<void>;
};

const tasks: PeriodicTask[] = [];

registerPeriodicTask({
  name: 'webhook deliveries',
  run: async (scope) => {
    const { deliverDueWebhooks } = await import('@/lib/webhooks/deliver-due-webhooks');
    if (!scope?.tenantIds) {
      // Keep going while full batches come back, so a backlog drains within one tick.
      while ((await deliverDueWebhooks({ limit: 200, concurrency: 32 })).attempted === 200);
      return;
    }
    for (const tenantId of scope.tenantIds)
      while ((await deliverDueWebhooks({ tenantId, limit: 200, concurrency: 32 })).attempted === 200);
  },
});

registerBackfill('display content backfill', async () => {
  const { backfillDerivedContent } = await import('@/lib/cases/backfill-derived-content');
  await backfillDerivedContent({ limit: 100 });
});

registerBackfill('contacts backfill', async () => {
  const { backfillContacts } = await import('@/lib/contacts/backfill-contacts');
  await backfillContacts({ limit: 20 });
});

// Expiry is counted in days: once every few minutes is plenty (and the confirmation checks the time too).
let lastExpiryRun = 0;
registerPeriodicTask({
  name: 'sender confirmation expiry',
  run: async (scope) => {
    if (scope?.tenantIds || Date.now() - lastExpiryRun < 5 * 60_000) return;
    lastExpiryRun = Date.now();
    const { expireSenderConfirmations } = await import('@/lib/contacts/expire-sender-confirmations');
    await expireSenderConfirmations();
  },
});

// Expiring OAuth credentials: owners and admins are mailed once per threshold (the claim is in the
// mailbox row); the scan itself is light, but every 10 minutes is plenty for day-sized thresholds.
let credentialScanAt = 0;
registerPeriodicTask({
  name: 'credential expiry warnings',
  run: async (scope) => {
    if (Date.now() - credentialScanAt < 10 * 60_000) return;
    credentialScanAt = Date.now();
    const { sendCredentialWarnings } = await import('@/lib/mailboxes/send-credential-warnings');
    await sendCredentialWarnings({ tenantIds: scope?.tenantIds });
  },
});

export function registerPeriodicTask(task: PeriodicTask): void {
  if (!tasks.some((t) => t.name === task.name)) tasks.push(task);
}

/** A backfill works through the whole database a batch a tick; a runner dedicated to some tenants skips it. */
function registerBackfill(name: string, runBatch: () => Promise<void>): void {
  registerPeriodicTask({
    name,
    run: async (scope) => {
      if (scope?.tenantIds) return;
      await runBatch();
    },
  });
}

export function periodicTasks(): readonly PeriodicTask[] {
  return tasks;
}
