// The workspace's canned replies: named snippets every member can insert into a reply (picker or `/`),
// with placeholders filled for the case (render-canned-reply.ts).
import { asc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { TenantTx } from '@/db/tenancy';
import { cannedReplies } from '@/db/schema';
import { recordAudit, type AuditActor } from '@/lib/audit/record-audit';
import { AppError } from '@/lib/errors';

export const MAX_CANNED_REPLIES = 200;

export const cannedReplyInput = z.object({
  name: z.string().trim().min(1, 'Name the canned reply.').max(80, 'A name has at most 80 characters.'),
  body: z.string().trim().min(1, 'Write the text.').max(20_000, 'The text is too long.'),
});

export type CannedReply = { id: string; name: string; body: string };

export async function listCannedReplies(tx: TenantTx): Promise<CannedReply[]> {
  return tx
    .select({ id: cannedReplies.id, name: cannedReplies.name, body: cannedReplies.body })
    .from(cannedReplies)
    .orderBy(asc(sql`lower(${cannedReplies.name})`));
}

/** Creates one, or (with `id`) replaces its name and text. */
export async function saveCannedReply(
  tx: TenantTx,
  { tenantId, id, input, actor }: { tenantId: string; id?: string; input: unknown; actor: AuditActor },
): Promise<CannedReply> {
  const { name, body } = cannedReplyInput.parse(input);
  const existing = await listCannedReplies(tx);
  if (existing.some((c) => c.id !== id && c.name.toLowerCase() === name.toLowerCase()))
    throw new AppError('conflict', `A canned reply named “${name}” exists already.`, { field: 'name' });
  let row: CannedReply | undefined;
  if (id) {
    [row] = await tx
      .update(cannedReplies)
      .set({ name, body })
      .where(eq(cannedReplies.id, id))
      .returning({ id: cannedReplies.id, name: cannedReplies.name, body: cannedReplies.body });
    if (!row) throw new AppError('not_found', 'That canned reply does not exist.');
  } else {
    if (existing.length >= MAX_CANNED_REPLIES)
      throw new AppError('validation', `A workspace has at most ${MAX_CANNED_REPLIES} canned replies.`);
    [row] = await tx
      .insert(cannedReplies)
      .values({ tenantId, name, body, createdBy: actor.kind === 'user' ? actor.userId : null })
      .returning({ id: cannedReplies.id, name: cannedReplies.name, body: cannedReplies.body });
  }
  await recordAudit(tx, {
    by: { tenantId, actor },
    action: id ? 'canned_reply.updated' : 'canned_reply.created',
    target: { type: 'canned_reply', id: row.id },
  });
  return row;
}

export async function deleteCannedReply(
  tx: TenantTx,
  { tenantId, id, actor }: { tenantId: string; id: string; actor: AuditActor },
): Promise<void> {
  const deleted = await tx.delete(cannedReplies).where(eq(cannedReplies.id, id)).returning({ id: cannedReplies.id });
  if (!deleted.length) throw new AppError('not_found', 'That canned reply does not exist.');
  await recordAudit(tx, {
    by: { tenantId, actor },
    action: 'canned_reply.deleted',
    target: { type: 'canned_reply', id },
  });
}
