// Work the runner does on every tick besides syncs and the outbox (e.g. webhook deliveries).
// Each task claims its own rows in PostgreSQL, so several runners can run it at once.
export type PeriodicTask = { name: string; run: () => Promise<void> };

const tasks: PeriodicTask[] = [];

export function registerPeriodicTask(task: PeriodicTask): void {
  if (!tasks.some((t) => t.name === task.name)) tasks.push(task);
}

export function periodicTasks(): readonly PeriodicTask[] {
  return tasks;
}
