// Opens a case from one incoming message: the case row (numbered from the tenant's counter), the
// message as its first history entry, the system notes that explain it (imported, the rules that
// shaped it, a release), the requester's contact (linked, or made, when the batch is written) and the
// case.created event. Used by ingestion and by "release an ignored message", so both write the same
// rows and the same event.
import { randomUUID } from 'node:crypto';
import type { TenantTx } from '@/db/tenancy';
import type { Address } from '@/db/schema';
import type { DerivedContent } from '@/lib/mail/derive-content';
import type { ParsedMessage } from '@/lib/mail/types';
import type { SenderAuth } from '@/lib/mail/verify/sender-auth';
import type { RuleCaseFields } from '@/lib/rules/rule-case-fields';
import type { CaseWriteBatch } from './case-write-batch';
import { addCaseMessage, addSystemNote } from './store-case-message';

export type OpenCaseInput = {
  mailboxId: string | null;
  rawMessageId: string | null;
  /** The message as read; absent for a message that could not be read (then `unreadable` says what to show). */
  message?: ParsedMessage;
  content?: DerivedContent;
  /** What sender verification found (the case page's badge). */
  senderAuth?: SenderAuth | null;
  unreadable?: { subject: string; text: string; requester?: Address };
  /** Inside the import boundary: Closed, imported, dated as the message, no acknowledgement. */
  imported: boolean;
  /** Imported but recent (the import's "received after" option): Open instead of Closed, still no acknowledgement. */
  importedOpen?: boolean;
  /** Set by the tenant's rules (assignee, status, priority, tags). */
  fields?: RuleCaseFields;
  /** System notes after the message, in order (kind, text). */
  notes?: { kind: string; text: string }[];
  /** Whether the acknowledgement sender may write to the requester. */
  acknowledge: boolean;
  /** Make the requester a contact when they are not one yet (the mailbox's "create new contact"); a known one is linked anyway. */
  createContact?: boolean;
  /** Extra fields of the case.created event (e.g. released: true). */
  eventExtra?: Record<string, unknown>;
};

export type OpenedCase = { caseId: string; caseNumber: number };

export async function openCaseFromMessage(
  tx: TenantTx,
  batch: CaseWriteBatch,
  input: OpenCaseInput,
): Promise<OpenedCase> {
  const { message, imported } = input;
  const fields = input.fields ?? {};
  const number = await batch.nextCaseNumber(tx);
  const requester = message ? (message.replyTo[0] ?? message.from) : input.unreadable?.requester;
  const subject = message?.subject ?? input.unreadable?.subject ?? '(no subject)';
  const createdAt = imported && message?.date ? message.date : new Date();
  const status = imported ? (input.importedOpen ? 'open' : 'closed') : (fields.status ?? 'open');
  const row = batch.addCase(
    {
      id: randomUUID(),
      number,
      subject,
      requesterEmail: requester?.address ?? 'unknown@invalid',
      requesterName: requester?.name || null,
      mailboxId: input.mailboxId,
      imported,
      createdAt,
      lastActivityAt: createdAt,
      closedAt: status === 'closed' ? createdAt : null,
      ...fields,
      status,
    },
    { createContact: input.createContact },
  );
  addCaseMessage(batch, {
    tenantId: batch.tenantId,
    caseId: row.id,
    direction: 'in',
    rawMessageId: input.rawMessageId,
    message,
    content: input.content,
    senderAuth: input.senderAuth,
    ...(message ? {} : { subject, text: input.unreadable?.text }),
  });
  for (const note of input.notes ?? []) addSystemNote(batch, row.id, note.kind, note.text);
  batch.threads.remember(message?.messageId, batch.threads.caseState(row.id, number, status));
  batch.event('case.created', {
    caseId: row.id,
    caseNumber: number,
    subject,
    requester: { email: requester?.address ?? null, name: requester?.name ?? null },
    mailboxId: input.mailboxId,
    imported,
    status,
    priority: fields.priority ?? 'normal',
    tags: fields.tags ?? [],
    assigneeId: fields.assigneeId ?? null,
    ...input.eventExtra,
    // The acknowledgement sender (durable runs) decides on this; imported cases never get one.
    acknowledge: !imported && input.acknowledge,
  });
  return { caseId: row.id, caseNumber: number };
}
