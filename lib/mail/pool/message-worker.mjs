// Entry of a message worker thread (lib/mail/pool/read-message-in-pool.ts starts these). The thread
// runs our TypeScript through tsx's loader, so the same file serves `next start`, `npm run worker`,
// the CLI and vitest without a separate build step; the import cost is paid once per thread, before
// the thread takes its first message (the budget starts when a message starts, not at thread start).
import { register as registerCjs } from 'tsx/cjs/api';
import { register as registerEsm } from 'tsx/esm/api';

// Both hooks: our .ts files are CommonJS to Node (no "type": "module"), their imports are ESM syntax.
registerCjs();
registerEsm();
const loading = import('./read-message-task.ts');

export default async function readMessageTask(task) {
  const mod = await loading;
  // A CommonJS module seen from ESM: its exports may sit on `default`.
  const run = mod.readMessageTask ?? mod.default?.readMessageTask;
  return run(task);
}
