// One attachment's bytes and metadata, from the current tenant only (not found otherwise).
import { eq } from 'drizzle-orm';
import type { TenantTx } from '@/db/tenancy';
import { attachmentBlobs, attachments } from '@/db/schema';
import { AppError } from '@/lib/errors';
import { isUuid } from '@/lib/is-uuid';

export type AttachmentContent = { id: string; filename: string; contentType: string; size: number; content: Buffer };

export async function getAttachment(tx: TenantTx, id: string): Promise<AttachmentContent> {
  const notFound = new AppError('not_found', 'There is no such attachment.');
  if (!isUuid(id)) throw notFound;
  const [row] = await tx
    .select({
      id: attachments.id,
      filename: attachments.filename,
      contentType: attachments.contentType,
      size: attachments.size,
      content: attachmentBlobs.content,
    })
    .from(attachments)
    .innerJoin(attachmentBlobs, eq(attachmentBlobs.id, attachments.blobId))
    .where(eq(attachments.id, id));
  if (!row) throw notFound;
  return row;
}
