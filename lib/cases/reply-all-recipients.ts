// Who "reply all" copies: everyone on the customer's latest message (its From when that is not the
// requester, its To and Cc), except the requester (already in To) and the workspace's own mailbox
// addresses — a copy to ourselves would come back as new mail.
import { and, desc, eq } from 'drizzle-orm';
import type { TenantTx } from '@/db/tenancy';
import { caseMessages, mailboxes } from '@/db/schema';

export const MAX_CC = 20;

export async function ownMailboxAddresses(tx: TenantTx): Promise<Set<string>> {
  const rows = await tx.select({ email: mailboxes.email }).from(mailboxes);
  return new Set(rows.map((r) => r.email.toLowerCase()));
}

export async function replyAllRecipients(
  tx: TenantTx,
  { caseId, requesterEmail }: { caseId: string; requesterEmail: string },
): Promise<string[]> {
  const [last] = await tx
    .select({ from: caseMessages.fromAddress, to: caseMessages.to, cc: caseMessages.cc })
    .from(caseMessages)
    .where(and(eq(caseMessages.caseId, caseId), eq(caseMessages.direction, 'in')))
    .orderBy(desc(caseMessages.createdAt), desc(caseMessages.storedSeq))
    .limit(1);
  if (!last) return [];
  const own = await ownMailboxAddresses(tx);
  const requester = requesterEmail.toLowerCase();
  const candidates = [
    ...(last.from ? [last.from] : []),
    ...(last.to ?? []).map((a) => a.address),
    ...(last.cc ?? []).map((a) => a.address),
  ].map((a) => a.trim().toLowerCase());
  return [...new Set(candidates)].filter((a) => a && a !== requester && !own.has(a)).slice(0, MAX_CC);
}
