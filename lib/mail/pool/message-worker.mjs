// Entry of a message worker thread (lib/mail/pool/read-message-in-pool.ts and check-message-in-pool.ts
// start these). The thread runs our TypeScript through tsx's loader, so the same file serves `next start`,
// `npm run worker`, the CLI and vitest without a separate build step; the import cost is paid once per
// thread, before the thread takes its first message (the budget starts when a message starts, not at
// thread start). workerData.tasks says which tasks the pool runs: 'read' (the default) or 'check'.
import { workerData } from 'node:worker_threads';
import { register as registerCjs } from 'tsx/cjs/api';
import { register as registerEsm } from 'tsx/esm/api';

// Both hooks: our .ts files are CommonJS to Node (no "type": "module"), their imports are ESM syntax.
registerCjs();
registerEsm();
const checks = workerData?.tasks === 'check';
const loading = checks ? import('./check-message-task.ts') : import('./read-message-task.ts');
const name = checks ? 'checkMessageTask' : 'readMessageTask';

export default async function messageTask(task) {
  const mod = await loading;
  // A CommonJS module seen from ESM: its exports may sit on `default`.
  const run = mod[name] ?? mod.default?.[name];
  return run(task);
}
