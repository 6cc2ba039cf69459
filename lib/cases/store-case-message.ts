// Stores one history entry of a case, with its attachments (bytes deduplicated per tenant by SHA-256).
import { and, eq, inArray } from 'drizzle-orm';
import type { TenantTx } from '@/db/tenancy';
import { attachmentBlobs, attachments, caseMessages } from '@/db/schema';
import { displayColumns, plainContent, type DerivedContent } from '@/lib/mail/derive-content';
import type { ParsedAttachment, ParsedMessage } from '@/lib/mail/types';
import { describeSmime } from '@/lib/mail/unwrap-smime';
import type { SenderAuth } from '@/lib/mail/verify/sender-auth';

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

export async function storeCaseMessage(tx: TenantTx, input: CaseMessageInput): Promise<string> {
  const m = input.message;
  const text = input.text ?? m?.text ?? null;
  const display = input.content ?? plainContent(text);
  const [row] = await tx
    .insert(caseMessages)
    .values({
      tenantId: input.tenantId,
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
    })
    .returning({ id: caseMessages.id });
  if (m?.attachments.length) await storeAttachments(tx, input.tenantId, row.id, m.attachments);
  // A message read only in part (lib/mail/salvage-message.ts): the history says what was left out.
  if (input.direction === 'in' && m?.parseNotes?.length) {
    await tx.insert(caseMessages).values({
      tenantId: input.tenantId,
      caseId: input.caseId,
      direction: 'system',
      systemKind: 'partly-read',
      text: m.parseNotes.join(' '),
    });
  }
  const smimeNote = input.direction === 'in' ? describeSmime(m?.smime) : null;
  if (smimeNote) {
    await tx.insert(caseMessages).values({
      tenantId: input.tenantId,
      caseId: input.caseId,
      direction: 'system',
      systemKind: m?.smime?.encrypted ? 'smime-encrypted' : 'smime-signed',
      text: smimeNote,
    });
  }
  return row.id;
}

async function storeAttachments(tx: TenantTx, tenantId: string, caseMessageId: string, list: ParsedAttachment[]) {
  const unique = [...new Map(list.map((a) => [a.sha256, a])).values()];
  await tx
    .insert(attachmentBlobs)
    .values(unique.map((a) => ({ tenantId, sha256: a.sha256, size: a.size, content: a.content })))
    .onConflictDoNothing();
  const blobs = await tx
    .select({ id: attachmentBlobs.id, sha256: attachmentBlobs.sha256 })
    .from(attachmentBlobs)
    .where(
      and(
        eq(attachmentBlobs.tenantId, tenantId),
        inArray(
          attachmentBlobs.sha256,
          unique.map((a) => a.sha256),
        ),
      ),
    );
  const blobBySha = new Map(blobs.map((b) => [b.sha256, b.id]));
  await tx.insert(attachments).values(
    list.map((a) => ({
      tenantId,
      caseMessageId,
      blobId: blobBySha.get(a.sha256)!,
      filename: a.filename,
      contentType: a.contentType,
      size: a.size,
      contentId: a.contentId ?? null,
      inline: a.inline,
    })),
  );
}
