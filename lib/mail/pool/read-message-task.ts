// One piece of content work inside a worker thread: tells the main thread it has started (the
// budget runs from here), then reads a message (readMessage) or derives the display content of a
// stored one (the backfill), or, after a reading failed, only the header fields that name it. Runs only
// in the pool (see message-worker.mjs).
import type { MessagePort } from 'node:worker_threads';
import { deriveContent, type DeriveInput, type DerivedContent } from '../derive-content';
import { readMessage, type MessageReading, type ReadContext } from '../read-message';
import { readNamingHeaders } from '../read-naming-headers';
import type { ParseFailure } from '../types';

export type ReadTask =
  | { kind: 'read'; raw: Uint8Array; ctx: ReadContext; started: MessagePort }
  | { kind: 'derive'; input: DeriveInput; started: MessagePort }
  | { kind: 'headers'; raw: Uint8Array; started: MessagePort }
  | { kind: 'warm'; started: MessagePort };

export async function readMessageTask(
  task: ReadTask,
): Promise<MessageReading | DerivedContent | ParseFailure['headers'] | null> {
  task.started.postMessage('started');
  task.started.close();
  if (task.kind === 'warm') return null; // the thread has loaded its modules (message-worker.mjs awaits them first)
  if (task.kind === 'derive') return deriveContent(task.input);
  const raw = Buffer.from(task.raw.buffer, task.raw.byteOffset, task.raw.byteLength);
  if (task.kind === 'headers') return readNamingHeaders(raw) ?? null;
  return readMessage(raw, task.ctx);
}
