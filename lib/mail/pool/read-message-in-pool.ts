// The message worker pool: everything that reads message content (lib/mail/read-message.ts) runs in
// worker threads, never on the event loop that serves every tenant's pages. Each message gets a time
// budget (MESSAGE_BUDGET_MS) counted from the moment a worker starts on it; over budget, the worker
// is terminated (piscina replaces it) and the message comes back as { ok: false, reason:
// 'processing-timeout' }, which ingestion quarantines with its raw bytes kept (releasable).
// A worker that dies (out of memory, a crash in a parser) gives 'processing-failed' the same way.
// Either way a second, small task reads only the header section (HEADERS_BUDGET_MS), so the row still
// shows From, Subject, Date and Message-ID whenever the header block parses.
import os from 'node:os';
import type { MessagePort } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { env } from '@/lib/env';
import type { DeriveInput, DerivedContent } from '../derive-content';
import { PARSE_LIMITS } from '../parse-limits';
import type { MessageReading, ReadContext } from '../read-message';
import type { ParseFailure } from '../types';
import { closeCheckPool } from './check-message-in-pool';
import type { ReadTask } from './read-message-task';
import { messageWorkerFile, runInPool as runTask, type PoolOutcome } from './run-in-pool';

export { PROCESSING_TIMEOUT } from './run-in-pool';

/** For the header fields of a message whose reading failed: a header section reads in milliseconds (a fresh worker: more). */
const HEADERS_BUDGET_MS = 1000;

/** The young generation of each message thread (V8's default lets it grow to 48 MB). */
const WORKER_YOUNG_GENERATION_MB = 8;

let pool: Piscina | undefined;

export function messagePoolSize(): number {
  return env.MESSAGE_WORKERS ?? Math.max(1, os.availableParallelism());
}

function messagePool(): Piscina {
  pool ??= new Piscina({
    filename: messageWorkerFile(),
    minThreads: 1,
    maxThreads: messagePoolSize(),
    idleTimeout: 60_000,
    // One message per thread at a time: a budget overrun terminates the thread, and with it only that message.
    concurrentTasksPerWorker: 1,
    // A small young generation per thread: each message's garbage is short-lived, and V8's default lets
    // every thread's nursery grow to tens of MB (a 2,000-message run peaked 60 MB lower with this cap).
    resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
  });
  return pool;
}

/**
 * Starts every thread of the pool now (a sync run calls this before it connects), so the threads load
 * their modules while the mail is listed and fetched instead of when the first batch waits for them.
 */
export function warmMessagePool(): void {
  for (let i = 0; i < messagePoolSize(); i++)
    void runInPool<null>((started) => ({ kind: 'warm', started }), [], env.MESSAGE_BUDGET_MS);
}

export async function readMessageInPool(
  raw: Buffer,
  ctx: ReadContext,
  budgetMs: number = env.MESSAGE_BUDGET_MS,
): Promise<MessageReading> {
  const copy = new Uint8Array(raw); // its own ArrayBuffer, moved (not copied again) to the worker
  const done = await runInPool<MessageReading>(
    (started) => ({ kind: 'read', raw: copy, ctx, started }),
    [copy.buffer as ArrayBuffer],
    budgetMs,
  );
  if (done.ok) return reviveBuffers(done.value);
  return { ok: false, reason: done.reason, ...(await namingHeaders(raw)) };
}

/** From, Subject, Date and Message-ID of a message whose reading failed, read in the pool on their own. */
async function namingHeaders(raw: Buffer): Promise<{ headers?: ParseFailure['headers'] }> {
  // Only what the header section can be read from goes to the worker, not a whole 30 MB message.
  const head = new Uint8Array(raw.subarray(0, PARSE_LIMITS.maxHeaderSectionBytes));
  const done = await runInPool<ParseFailure['headers'] | null>(
    (started) => ({ kind: 'headers', raw: head, started }),
    [head.buffer as ArrayBuffer],
    HEADERS_BUDGET_MS,
  );
  return done.ok && done.value ? { headers: done.value } : {};
}

/** The display content of a stored message (the backfill), under the same budget. */
export async function deriveContentInPool(
  input: DeriveInput,
  budgetMs: number = env.MESSAGE_BUDGET_MS,
): Promise<{ ok: true; value: DerivedContent } | { ok: false; reason: string }> {
  return runInPool<DerivedContent>((started) => ({ kind: 'derive', input, started }), [], budgetMs);
}

function runInPool<T>(
  makeTask: (started: MessagePort) => ReadTask,
  transfer: ArrayBuffer[],
  budgetMs: number,
): Promise<PoolOutcome<T>> {
  return runTask<T, ReadTask>(messagePool(), makeTask, transfer, budgetMs);
}

/** Attachment bytes come back as plain Uint8Arrays (structured clone); the rest of the code expects Buffers. */
function reviveBuffers(reading: MessageReading): MessageReading {
  if (!reading.ok) return reading;
  for (const a of reading.message.attachments) {
    const u = a.content as Uint8Array;
    if (!Buffer.isBuffer(u)) a.content = Buffer.from(u.buffer, u.byteOffset, u.byteLength);
  }
  return reading;
}

/** Stops the threads (tests, CLI exit). The next read starts a new pool. */
export async function closeMessagePool(): Promise<void> {
  const p = pool;
  pool = undefined;
  await Promise.all([p?.destroy(), closeCheckPool()]);
}
