// Appends one incoming message to the case it threads to: the history entry, the notes that go with
// it, the case's last activity, a reopen when the case was Closed (never during an import), and the
// events (case.updated for the reopen, message.received). Used by ingestion and by "release an
// ignored message", so both write the same rows and the same events.
import type { DerivedContent } from '@/lib/mail/derive-content';
import type { CaseStatus } from '@/lib/mail/thread';
import type { ParsedMessage } from '@/lib/mail/types';
import type { SenderAuth } from '@/lib/mail/verify/sender-auth';
import type { CaseWriteBatch } from './case-write-batch';
import { addCaseMessage, addSystemNote } from './store-case-message';

export type AppendInput = {
  thread: { caseId: string; caseNumber: number; status: CaseStatus; via: string };
  rawMessageId: string | null;
  message: ParsedMessage;
  content?: DerivedContent;
  /** What sender verification found (the case page's badge). */
  senderAuth?: SenderAuth | null;
  /** Inside the import boundary: no reopen, last activity at the message's date. */
  imported: boolean;
  /** System notes right after the message (kind, text). */
  notes?: { kind: string; text: string }[];
  /** The reopen note's words and the case.updated reason. */
  reopen: { text: string; reason: string };
  /** Extra fields of the message.received event (e.g. released: true). */
  eventExtra?: Record<string, unknown>;
};

export type AppendedMessage = { caseId: string; caseNumber: number; reopened: boolean };

/** Writes nothing yet: the rows go in the batch, written when it is flushed. */
export function appendMessageToCase(batch: CaseWriteBatch, input: AppendInput): AppendedMessage {
  const { thread, message, imported } = input;
  addCaseMessage(batch, {
    tenantId: batch.tenantId,
    caseId: thread.caseId,
    direction: 'in',
    rawMessageId: input.rawMessageId,
    message,
    content: input.content,
    senderAuth: input.senderAuth,
  });
  for (const note of input.notes ?? []) addSystemNote(batch, thread.caseId, note.kind, note.text);
  const state = batch.threads.caseState(thread.caseId, thread.caseNumber, thread.status);
  batch.threads.remember(message.messageId, state);
  const reopened = state.status === 'closed' && !imported;
  const now = new Date();
  batch.touchCase(thread.caseId, { reopen: reopened, at: imported ? (message.date ?? now) : now });
  if (reopened) {
    state.status = 'open';
    addSystemNote(batch, thread.caseId, 'reopened', input.reopen.text);
    batch.event('case.updated', {
      caseNumber: thread.caseNumber,
      changes: { status: { before: 'closed', after: 'open' } },
      reason: input.reopen.reason,
    });
  }
  batch.event('message.received', {
    caseNumber: thread.caseNumber,
    messageId: message.messageId ?? null,
    from: message.from?.address ?? null,
    subject: message.subject,
    imported,
    via: thread.via,
    ...input.eventExtra,
  });
  return { caseId: thread.caseId, caseNumber: thread.caseNumber, reopened };
}
