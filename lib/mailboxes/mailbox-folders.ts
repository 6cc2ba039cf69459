// The further IMAP folders a mailbox reads, each with defaults for the cases it opens (assignee, tags).
// The sync reads them after the mailbox's own folder (lib/mailboxes/sync-mailbox.ts).
import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { mailboxFolders } from '@/db/schema';
import type { TenantTx } from '@/db/tenancy';
import { recordAudit, type AuditActor } from '@/lib/audit/record-audit';
import { AppError } from '@/lib/errors';
import { listMembers } from '@/lib/members/list-members';
import { issueList } from '@/lib/zod-issues';
import { getMailbox } from './get-mailbox';
import { writeOrConflict } from './unique-violation';

export type PublicMailboxFolder = { name: string; assigneeId: string | null; tags: string[]; createdAt: string };

const folderInput = z.object({
  name: z.string().trim().min(1, 'Enter the folder to read.').max(255, 'That folder name is too long.'),
  /** A member's user id or email address. */
  assignee: z.string().trim().min(1).max(320).nullish(),
  tags: z
    .array(z.string().trim().min(1).max(50, 'A tag has at most 50 characters.'))
    .max(20, 'At most 20 tags.')
    .default([]),
});

const toPublic = (r: typeof mailboxFolders.$inferSelect): PublicMailboxFolder => ({
  name: r.name,
  assigneeId: r.assigneeId,
  tags: r.tags,
  createdAt: r.createdAt.toISOString(),
});

export async function listMailboxFolders(tx: TenantTx, mailboxId: string): Promise<PublicMailboxFolder[]> {
  await getMailbox(tx, mailboxId);
  const rows = await tx
    .select()
    .from(mailboxFolders)
    .where(eq(mailboxFolders.mailboxId, mailboxId))
    .orderBy(asc(mailboxFolders.createdAt));
  return rows.map(toPublic);
}

/** `tx` must be the tenant's transaction. Throws AppError not_found | validation | conflict. */
export async function addMailboxFolder(
  tx: TenantTx,
  p: { tenantId: string; mailboxId: string; input: unknown; actor: AuditActor },
): Promise<PublicMailboxFolder> {
  const mailbox = await getMailbox(tx, p.mailboxId);
  const parsed = folderInput.safeParse(p.input);
  if (!parsed.success) {
    const issues = issueList(parsed.error);
    throw new AppError('validation', issues[0]?.message ?? 'Check the folder.', { fields: issues });
  }
  const { name, assignee, tags } = parsed.data;
  const invalid = (message: string, path = 'name') =>
    new AppError('validation', message, { fields: [{ path, message }] });
  if (mailbox.protocol !== 'imap' && mailbox.protocol !== 'imaps') throw invalid('Only IMAP mailboxes have folders.');
  const same = (a: string, b: string) => a === b || (a.toUpperCase() === 'INBOX' && b.toUpperCase() === 'INBOX');
  if (same(name, mailbox.folder)) throw invalid('The mailbox reads this folder already.');
  if (mailbox.moveToFolder && same(name, mailbox.moveToFolder))
    throw invalid('Processed messages are moved to this folder; it cannot also be read.');
  let assigneeId: string | null = null;
  if (assignee) {
    const members = await listMembers(tx);
    const member = members.find((m) => m.userId === assignee || m.email.toLowerCase() === assignee.toLowerCase());
    if (!member) throw invalid('The assignee must be a member of this workspace.', 'assignee');
    assigneeId = member.userId;
  }
  const [row] = await writeOrConflict(
    tx,
    (sp) =>
      sp
        .insert(mailboxFolders)
        .values({ tenantId: p.tenantId, mailboxId: mailbox.id, name, assigneeId, tags: [...new Set(tags)] })
        .returning(),
    { mailbox_folders_mailbox_id_name_index: { message: 'The mailbox reads this folder already.' } },
  );
  await recordAudit(tx, {
    by: p,
    action: 'mailbox.folder_added',
    target: { type: 'mailbox', id: mailbox.id },
    details: { folder: name, assigneeId, tags: row.tags },
  });
  return toPublic(row);
}

export async function removeMailboxFolder(
  tx: TenantTx,
  p: { tenantId: string; mailboxId: string; name: string; actor: AuditActor },
): Promise<void> {
  await getMailbox(tx, p.mailboxId);
  const removed = await tx
    .delete(mailboxFolders)
    .where(and(eq(mailboxFolders.mailboxId, p.mailboxId), eq(mailboxFolders.name, p.name)))
    .returning({ id: mailboxFolders.id });
  if (!removed.length) throw new AppError('not_found', 'The mailbox does not read that folder.');
  await recordAudit(tx, {
    by: p,
    action: 'mailbox.folder_removed',
    target: { type: 'mailbox', id: p.mailboxId },
    details: { folder: p.name },
  });
}
