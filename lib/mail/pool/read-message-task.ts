// One piece of content work inside a worker thread: tells the main thread it has started (the
// budget runs from here), then reads a message (readMessage) or derives the display content of a
// stored one (the backfill). Runs only in the pool (see message-worker.mjs).
import type { MessagePort } from 'node:worker_threads';
import { deriveContent, type DeriveInput, type DerivedContent } from '../derive-content';
import { readMessage, type MessageReading, type ReadContext } from '../read-message';

export type ReadTask =
  | { kind: 'read'; raw: Uint8Array; ctx: ReadContext; started: MessagePort }
  | { kind: 'derive'; input: DeriveInput; started: MessagePort };

export async function readMessageTask(task: ReadTask): Promise<MessageReading | DerivedContent> {
  task.started.postMessage('started');
  task.started.close();
  if (task.kind === 'derive') return deriveContent(task.input);
  const raw = Buffer.from(task.raw.buffer, task.raw.byteOffset, task.raw.byteLength);
  return readMessage(raw, task.ctx);
}
