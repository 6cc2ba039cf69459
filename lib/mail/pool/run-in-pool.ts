// One task in a piscina pool under a time budget counted from the moment a worker starts on it (the
// task posts 'started' on its port). Over budget the worker is terminated (piscina replaces it) and the
// caller gets { ok: false, reason: 'processing-timeout' }; a worker that dies gives 'processing-failed'.
// Other messages on the task's port (a check task's DNS questions) go to `onMessage`.
import fs from 'node:fs';
import path from 'node:path';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import type { Piscina } from 'piscina';
import { errorMessage } from '@/lib/errors';

export const PROCESSING_TIMEOUT = 'processing-timeout';
export const PROCESSING_FAILED = 'processing-failed';

export type PoolOutcome<T> = { ok: true; value: T } | { ok: false; reason: string };

/** The worker entry, resolved from the project root: it is loaded by Node itself, never bundled by Next. */
export function messageWorkerFile(): string {
  const file = path.join(process.cwd(), 'lib', 'mail', 'pool', 'message-worker.mjs');
  if (!fs.existsSync(file))
    throw new Error(`message worker entry not found at ${file}; start Caseflow from its directory`);
  return file;
}

export async function runInPool<T, Task>(
  pool: Piscina,
  makeTask: (started: MessagePort) => Task,
  transfer: ArrayBuffer[],
  budgetMs: number,
  onMessage?: (message: unknown, port: MessagePort) => void,
): Promise<PoolOutcome<T>> {
  const { port1, port2 } = new MessageChannel();
  const abort = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  port1.on('message', (message: unknown) => {
    if (message === 'started') timer ??= setTimeout(() => abort.abort(), budgetMs);
    else onMessage?.(message, port1);
  });
  try {
    const value: T = await pool.run(makeTask(port2), {
      transferList: [...transfer, port2],
      signal: abort.signal,
    });
    return { ok: true, value };
  } catch (err) {
    if (abort.signal.aborted) return { ok: false, reason: PROCESSING_TIMEOUT };
    console.error(`[caseflow] message worker failed: ${errorMessage(err).slice(0, 200)}`);
    return { ok: false, reason: PROCESSING_FAILED };
  } finally {
    clearTimeout(timer);
    port1.close();
  }
}
