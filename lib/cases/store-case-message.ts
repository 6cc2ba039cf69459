// One history entry of a case, with its attachments (bytes deduplicated per tenant by SHA-256) and the
// notes an incoming message brings (read only in part, S/MIME). addCaseMessage puts it in a write
// batch (lib/cases/case-write-batch.ts); storeCaseMessage writes one right away.
import type { TenantTx } from '@/db/tenancy';
import { displayColumns, plainContent, type DerivedContent } from '@/lib/mail/derive-content';
import type { ParsedMessage } from '@/lib/mail/types';
import { describeSmime } from '@/lib/mail/unwrap-smime';
import type { SenderAuth } from '@/lib/mail/verify/sender-auth';
import { CaseWriteBatch } from './case-write-batch';

export type CaseMessageInput = {
  tenantId: string;
  caseId: string;
  direction: 'in' | 'out' | 'note' | 'system';
  rawMessageId?: string | null;
  message?: ParsedMessage;
  systemKind?: string;
  text?: string;
  subject?: string;
  authorUserId?: string | null;
  /** What the page shows, derived in the worker pool; without it the text is shown as written. */
  content?: DerivedContent;
  /** Inbound: what sender verification found (the case page's badge). */
  senderAuth?: SenderAuth | null;
};

/** Adds the entry (and its notes) to the batch; returns the entry's id. */
export function addCaseMessage(batch: CaseWriteBatch, input: CaseMessageInput): string {
  const m = input.message;
  const text = input.text ?? m?.text ?? null;
  const display = input.content ?? plainContent(text);
  const id = batch.addMessage(
    {
      caseId: input.caseId,
      direction: input.direction,
      rawMessageId: input.rawMessageId ?? null,
      messageId: m?.messageId ?? null,
      inReplyTo: m?.inReplyTo ?? null,
      references: m?.references ?? null,
      fromAddress: m?.from?.address ?? null,
      fromName: m?.from?.name ?? null,
      to: m?.to ?? null,
      cc: m?.cc ?? null,
      replyTo: m?.replyTo ?? null,
      subject: input.subject ?? m?.subject ?? null,
      sentAt: m?.date ?? null,
      text,
      html: m?.html ?? null,
      ...displayColumns(display),
      systemKind: input.systemKind ?? null,
      authorUserId: input.authorUserId ?? null,
      senderAuth: input.senderAuth ?? null,
    },
    m?.attachments,
  );
  if (input.direction !== 'in') return id;
  // A message read only in part (lib/mail/salvage-message.ts): the history says what was left out.
  if (m?.parseNotes?.length) addSystemNote(batch, input.caseId, 'partly-read', m.parseNotes.join(' '));
  const smimeNote = describeSmime(m?.smime);
  if (smimeNote)
    addSystemNote(batch, input.caseId, m?.smime?.encrypted ? 'smime-encrypted' : 'smime-signed', smimeNote);
  return id;
}

export function addSystemNote(batch: CaseWriteBatch, caseId: string, systemKind: string, text: string): string {
  return addCaseMessage(batch, { tenantId: batch.tenantId, caseId, direction: 'system', systemKind, text });
}

export async function storeCaseMessage(tx: TenantTx, input: CaseMessageInput): Promise<string> {
  const batch = new CaseWriteBatch(input.tenantId);
  const id = addCaseMessage(batch, input);
  await batch.flush(tx);
  return id;
}
