// Files an agent attaches to a reply or a note: checked against the limits, then stored like inbound
// attachments (bytes once per tenant by SHA-256 in attachment_blobs, a row per file in attachments), so the
// history lists and serves them the same way; a reply's are read back when it is sent.
import { createHash } from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { TenantTx } from '@/db/tenancy';
import { attachmentBlobs, attachments } from '@/db/schema';
import { AppError } from '@/lib/errors';
import { cleanDisplayText } from '@/lib/text/clean-display-text';
import { MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS, MAX_ATTACHMENTS_TOTAL_BYTES } from './outgoing-attachment-limits';

/** A JSON body carrying the largest allowed attachments in base64, plus room for the text. */
export const MAX_JSON_BODY_WITH_ATTACHMENTS = Math.ceil((MAX_ATTACHMENTS_TOTAL_BYTES * 4) / 3) + 1024 * 1024;

export type Upload = { filename: string; contentType: string; content: Buffer };

/** The API's form of attachments: `[{ "filename", "contentType"?, "contentBase64" }]`. */
export const apiAttachmentsInput = z
  .array(
    z.object({
      filename: z.string().min(1, 'attachments: each file needs a filename.').max(255),
      contentType: z.string().max(255).optional(),
      contentBase64: z.string().regex(/^[A-Za-z0-9+/=\s]*$/, 'attachments: contentBase64 is not base64.'),
    }),
  )
  .max(MAX_ATTACHMENTS, `At most ${MAX_ATTACHMENTS} attachments.`)
  .optional();

/** A reply's or note's files, checked: the browser form's when it sent some, else the API's base64 ones. */
export function outgoingUploads(
  formFiles: Upload[] | undefined,
  apiFiles: z.output<typeof apiAttachmentsInput>,
): Upload[] {
  return checkUploads(formFiles ?? uploadsFromApi(apiFiles));
}

function uploadsFromApi(input: z.output<typeof apiAttachmentsInput>): Upload[] {
  return (input ?? []).map((a) => ({
    filename: a.filename,
    contentType: a.contentType ?? 'application/octet-stream',
    content: Buffer.from(a.contentBase64, 'base64'),
  }));
}

/** Files from a browser form (an empty file input sends one nameless, empty file: left out). */
export async function uploadsFromFiles(files: File[]): Promise<Upload[]> {
  const chosen = files.filter((f) => f.name || f.size);
  checkCountAndSizes(chosen.map((f) => ({ filename: f.name, size: f.size })));
  return Promise.all(
    chosen.map(async (f) => ({ filename: f.name, contentType: f.type, content: Buffer.from(await f.arrayBuffer()) })),
  );
}

/** The uploads within the limits, with names and types safe to store and to put in a MIME header. */
function checkUploads(files: Upload[]): Upload[] {
  checkCountAndSizes(files.map((f) => ({ filename: f.filename, size: f.content.length })));
  return files.map((f) => ({
    filename: safeFilename(f.filename),
    contentType: safeContentType(f.contentType),
    content: f.content,
  }));
}

function checkCountAndSizes(files: { filename: string; size: number }[]): void {
  if (files.length > MAX_ATTACHMENTS)
    throw new AppError('validation', `At most ${MAX_ATTACHMENTS} attachments.`, { field: 'attachments' });
  for (const f of files) {
    if (f.size > MAX_ATTACHMENT_BYTES)
      throw new AppError(
        'payload_too_large',
        `“${safeFilename(f.filename)}” is ${mb(f.size)}: a file may be at most ${mb(MAX_ATTACHMENT_BYTES)}.`,
        { field: 'attachments' },
      );
  }
  const total = files.reduce((sum, f) => sum + f.size, 0);
  if (total > MAX_ATTACHMENTS_TOTAL_BYTES)
    throw new AppError(
      'payload_too_large',
      `The attachments add up to ${mb(total)}: at most ${mb(MAX_ATTACHMENTS_TOTAL_BYTES)} per message.`,
      { field: 'attachments' },
    );
}

/** A base name without paths or control characters, at most 200 characters. */
function safeFilename(name: string): string {
  const base = cleanDisplayText(name.split(/[/\\]/).pop() ?? '')
    .replace(/"/g, '')
    .trim();
  return (base || 'attachment').slice(0, 200);
}

function safeContentType(type: string): string {
  const t = type.trim().toLowerCase();
  return /^[a-z0-9][a-z0-9!#$&^_.+-]{0,63}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/.test(t) ? t : 'application/octet-stream';
}

/** Stores the files with the message; returns what the message lists of them (name and size, in order). */
export async function storeAttachments(
  tx: TenantTx,
  { tenantId, caseMessageId, files }: { tenantId: string; caseMessageId: string; files: Upload[] },
): Promise<{ filename: string; size: number }[]> {
  for (const f of files) {
    const sha256 = createHash('sha256').update(f.content).digest('hex');
    await tx
      .insert(attachmentBlobs)
      .values({ tenantId, sha256, size: f.content.length, content: f.content })
      .onConflictDoNothing();
    const [blob] = await tx
      .select({ id: attachmentBlobs.id })
      .from(attachmentBlobs)
      .where(eq(attachmentBlobs.sha256, sha256));
    await tx.insert(attachments).values({
      tenantId,
      caseMessageId,
      blobId: blob.id,
      filename: f.filename,
      contentType: f.contentType,
      size: f.content.length,
    });
  }
  return files.map((f) => ({ filename: f.filename, size: f.content.length }));
}

/** A stored message's files with their bytes, in the order they were attached (for sending). */
export async function loadAttachmentBytes(tx: TenantTx, caseMessageId: string): Promise<Upload[]> {
  return tx
    .select({ filename: attachments.filename, contentType: attachments.contentType, content: attachmentBlobs.content })
    .from(attachments)
    .innerJoin(attachmentBlobs, eq(attachmentBlobs.id, attachments.blobId))
    .where(eq(attachments.caseMessageId, caseMessageId))
    .orderBy(asc(attachments.createdAt), asc(attachments.id));
}

/** 11 MB, 10.4 MB: whole megabytes without a decimal. */
function mb(bytes: number): string {
  const n = bytes / 1024 / 1024;
  return `${Number.isInteger(n) ? n : n.toFixed(1)} MB`;
}
