// One message's checks inside a check-pool thread (see message-worker.mjs): tells the main thread it
// has started (the budget runs from here), then runs checkMessage with a resolver that asks the main
// thread's resolver over the task's port, so the run's configured resolver (and its memo) answers.
import type { MessagePort } from 'node:worker_threads';
import type { DnsResolver } from '../verify/dns-resolver';
import { checkMessage, type CheckRequest, type CheckResult } from '../verify/check-message';

export type CheckTask = { kind: 'check'; raw: Uint8Array; request: CheckRequest; started: MessagePort };

/** A DNS question to the main thread, and its answer (an error keeps its code: mailauth reads ENOTFOUND / ENODATA). */
export type DnsQuestion = { dns: number; name: string; rrtype: string };
export type DnsAnswer = { dns: number; value?: unknown; error?: { code?: string; message: string } };

export async function checkMessageTask(task: CheckTask): Promise<CheckResult> {
  const port = task.started;
  port.postMessage('started');
  try {
    const raw = Buffer.from(task.raw.buffer, task.raw.byteOffset, task.raw.byteLength);
    return await checkMessage(raw, task.request, portResolver(port));
  } finally {
    port.close();
  }
}

function portResolver(port: MessagePort): DnsResolver {
  let next = 0;
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  port.on('message', (answer: DnsAnswer) => {
    const w = waiting.get(answer.dns);
    if (!w) return;
    waiting.delete(answer.dns);
    if (!answer.error) return w.resolve(answer.value);
    const err = new Error(answer.error.message) as NodeJS.ErrnoException;
    if (answer.error.code) err.code = answer.error.code;
    w.reject(err);
  });
  return (name, rrtype) =>
    new Promise((resolve, reject) => {
      const question: DnsQuestion = { dns: next++, name, rrtype };
      waiting.set(question.dns, { resolve, reject });
      port.postMessage(question);
    });
}
