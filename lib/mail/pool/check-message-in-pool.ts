// The check pool: sender verification and the spam headers of inbound mail (lib/mail/verify/check-message.ts)
// run in a worker thread, never on the event loop that serves every tenant's pages. The checks mostly
// wait on DNS, so one thread runs many at once (the message pool reads one message per thread). DNS is
// asked on the main thread, through the resolver the caller hands in (the run's configured resolver with
// its memo), over each task's port.
//
// Budget: the checks' own deadline (SENDER_VERIFICATION_TIMEOUT_MS) ends a slow DNS wait inside the
// worker, as "did not finish in time". A message whose checks keep the thread busy past that deadline
// plus MESSAGE_BUDGET_MS (CPU, not DNS) has the thread terminated and counts as unverified the same way,
// with no spam verdict from its headers. The other checks the thread was running are run again once.
import type { MessagePort } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { env } from '@/lib/env';
import type { DnsResolver } from '../verify/dns-resolver';
import type { CheckRequest, CheckResult } from '../verify/check-message';
import { domainOf, timedOutSenderAuth } from '../verify/sender-auth';
import type { CheckTask, DnsAnswer, DnsQuestion } from './check-message-task';
import { messageWorkerFile, runInPool, PROCESSING_TIMEOUT } from './run-in-pool';

/** Checks one thread runs at once (each mostly waits on DNS). */
const CHECKS_PER_THREAD = 16;

let pool: Piscina | undefined;

function checkPool(): Piscina {
  pool ??= new Piscina({
    filename: messageWorkerFile(),
    workerData: { tasks: 'check' },
    minThreads: 1,
    maxThreads: 1,
    idleTimeout: 60_000,
    concurrentTasksPerWorker: CHECKS_PER_THREAD,
  });
  return pool;
}

export async function checkMessageInPool(
  raw: Buffer,
  request: CheckRequest,
  resolver: DnsResolver,
  budgetMs: number = (request.verify?.timeoutMs ?? 0) + env.MESSAGE_BUDGET_MS,
): Promise<CheckResult> {
  for (let attempt = 0; ; attempt++) {
    const copy = new Uint8Array(raw); // its own ArrayBuffer, moved (not copied again) to the worker
    const done = await runInPool<CheckResult, CheckTask>(
      checkPool(),
      (started) => ({ kind: 'check', raw: copy, request, started }),
      [copy.buffer as ArrayBuffer],
      budgetMs,
      (message, port) => answerDns(message as DnsQuestion, port, resolver),
    );
    if (done.ok) return done.value;
    // Terminated beside a message that ran over its budget: this one is checked again, once.
    if (done.reason !== PROCESSING_TIMEOUT && attempt === 0) continue;
    const method = request.verify?.trustedAuthservId ? 'authentication-results' : 'checked';
    return {
      senderAuth: request.verify ? timedOutSenderAuth(domainOf(request.fromAddress), method) : null,
      spamFromHeaders: null,
    };
  }
}

function answerDns(question: DnsQuestion, port: MessagePort, resolver: DnsResolver): void {
  if (typeof question?.dns !== 'number') return;
  const reply = (answer: DnsAnswer) => {
    try {
      port.postMessage(answer);
    } catch {
      // the task is over (its port closed): nobody waits for this answer
    }
  };
  resolver(question.name, question.rrtype).then(
    (value) => reply({ dns: question.dns, value }),
    (err: NodeJS.ErrnoException) =>
      reply({ dns: question.dns, error: { code: err?.code, message: String(err?.message ?? err) } }),
  );
}

/** Stops the check thread (tests, CLI exit). The next check starts a new pool. */
export async function closeCheckPool(): Promise<void> {
  const p = pool;
  pool = undefined;
  await p?.destroy();
}
