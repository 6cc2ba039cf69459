// What a forward carries: the customer's latest message, quoted below the agent's words the way mail clients
// forward ("---------- Forwarded message ---------" and its From, Date, Subject, To), and its files.
import { and, desc, eq } from 'drizzle-orm';
import type { TenantTx } from '@/db/tenancy';
import { attachments, caseMessages, type Address } from '@/db/schema';

export type ForwardedMessage = { id: string; block: string };

const list = (addresses: Address[] | null) =>
  (addresses ?? []).map((a) => (a.name ? `${a.name} <${a.address}>` : a.address)).join(', ');

/** The case's latest customer message as a forwarded block, or null when the case has none. */
export async function loadForwardedMessage(tx: TenantTx, caseId: string): Promise<ForwardedMessage | null> {
  const [m] = await tx
    .select({
      id: caseMessages.id,
      fromAddress: caseMessages.fromAddress,
      fromName: caseMessages.fromName,
      to: caseMessages.to,
      cc: caseMessages.cc,
      subject: caseMessages.subject,
      sentAt: caseMessages.sentAt,
      createdAt: caseMessages.createdAt,
      text: caseMessages.text,
    })
    .from(caseMessages)
    .where(and(eq(caseMessages.caseId, caseId), eq(caseMessages.direction, 'in')))
    .orderBy(desc(caseMessages.createdAt), desc(caseMessages.id))
    .limit(1);
  if (!m) return null;
  const from = m.fromName ? `${m.fromName} <${m.fromAddress ?? ''}>` : (m.fromAddress ?? '');
  const lines = [
    '---------- Forwarded message ---------',
    `From: ${from}`,
    `Date: ${(m.sentAt ?? m.createdAt).toUTCString()}`,
    `Subject: ${m.subject ?? ''}`,
    `To: ${list(m.to)}`,
    ...(m.cc?.length ? [`Cc: ${list(m.cc)}`] : []),
    '',
    (m.text ?? '').trim(),
  ];
  return { id: m.id, block: lines.join('\n') };
}

/** The forwarded message's files go with the forward: new rows over the same stored bytes. */
export async function copyAttachments(
  tx: TenantTx,
  { tenantId, fromMessageId, toMessageId }: { tenantId: string; fromMessageId: string; toMessageId: string },
): Promise<void> {
  const files = await tx
    .select({
      blobId: attachments.blobId,
      filename: attachments.filename,
      contentType: attachments.contentType,
      size: attachments.size,
    })
    .from(attachments)
    .where(and(eq(attachments.caseMessageId, fromMessageId), eq(attachments.inline, false)));
  if (files.length)
    await tx.insert(attachments).values(files.map((f) => ({ ...f, tenantId, caseMessageId: toMessageId })));
}
