// An internal note on a case, with files if the agent attached some: history only, never mailed to anyone.
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { TenantTx } from '@/db/tenancy';
import { caseMessages, cases } from '@/db/schema';
import { recordAudit, type AuditActor } from '@/lib/audit/record-audit';
import { lockCase } from './lock-case';
import { apiAttachmentsInput, outgoingUploads, storeAttachments, type Upload } from './outgoing-attachments';
import { plainDisplayColumns } from '@/lib/mail/derive-content';

export const addNoteInput = z.object({
  text: z
    .string({ error: 'Write the note.' })
    .trim()
    .min(1, 'Write the note.')
    .max(100_000, 'The note is too long (at most 100,000 characters).'),
  /** Files kept with the note (API: base64); a browser form hands them over as `files`. */
  attachments: apiAttachmentsInput,
});

export async function addNote(
  tx: TenantTx,
  params: { tenantId: string; number: number; input: unknown; actor: AuditActor; files?: Upload[] },
): Promise<{
  id: string;
  caseNumber: number;
  direction: 'note';
  text: string;
  createdAt: string;
  attachments: { filename: string; size: number }[];
}> {
  const { text, attachments: apiFiles } = addNoteInput.parse(params.input);
  const files = outgoingUploads(params.files, apiFiles);
  const c = await lockCase(tx, params.number);
  const [row] = await tx
    .insert(caseMessages)
    .values({
      tenantId: params.tenantId,
      caseId: c.id,
      direction: 'note',
      text,
      ...plainDisplayColumns(text),
      authorUserId: params.actor.kind === 'user' ? params.actor.userId : null,
    })
    .returning({ id: caseMessages.id, createdAt: caseMessages.createdAt });
  const attachments = await storeAttachments(tx, { tenantId: params.tenantId, caseMessageId: row.id, files });
  await tx.update(cases).set({ lastActivityAt: new Date() }).where(eq(cases.id, c.id));
  await recordAudit(tx, {
    by: params,
    action: 'case.note_added',
    target: { type: 'case', id: c.id },
    details: { number: Number(c.number), messageId: row.id },
  });
  return {
    id: row.id,
    caseNumber: Number(c.number),
    direction: 'note',
    text,
    createdAt: row.createdAt.toISOString(),
    attachments,
  };
}
