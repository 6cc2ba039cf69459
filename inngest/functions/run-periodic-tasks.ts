// Every minute: the runner's periodic tasks (e.g. due webhook deliveries), from the same registry.
// Each task claims its own rows in PostgreSQL, so this may overlap with any other driver. A cron event
// carrying tenant ids (cronScope, as the mailbox poll and the outbox dispatch read it) narrows every task.
import { cron } from 'inngest';
import { periodicTasks } from '@/lib/runner/periodic-tasks';
import { inngest } from '../client';
import { cronScope } from '../events';

export const runPeriodicTasks = inngest.createFunction(
  {
    id: 'run-periodic-tasks',
    name: 'Run periodic tasks',
    triggers: [cron('* * * * *')],
    concurrency: { limit: 1 },
    retries: 1,
  },
  async ({ event, step }) => {
    const tenantIds = cronScope(event.data);
    const names = await Promise.all(
      periodicTasks().map(async (task) => {
        await step.run(task.name, async () => {
          await task.run(tenantIds ? { tenantIds } : undefined);
          return { ran: true };
        });
        return task.name;
      }),
    );
    return { tasks: names };
  },
);
