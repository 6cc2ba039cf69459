// The newest stored messages of a tenant, for "pick a stored message" in the simulator and the
// re-run: what each became (case number, or ignored with its reason).
import { desc, eq, sql } from 'drizzle-orm';
import type { TenantTx } from '@/db/tenancy';
import { caseMessages, cases, ignoredMessages, rawMessages } from '@/db/schema';

export type RecentMessage = {
  rawMessageId: string;
  mailboxId: string | null;
  from: string | null;
  subject: string | null;
  receivedAt: string;
  caseNumber: number | null;
  ignored: { id: string; reason: string; released: boolean } | null;
};

export async function listRecentMessages(
  tx: TenantTx,
  { limit = 30 }: { limit?: number } = {},
): Promise<RecentMessage[]> {
  const rows = await tx
    .select({
      id: rawMessages.id,
      mailboxId: rawMessages.mailboxId,
      createdAt: rawMessages.createdAt,
      ignoredId: ignoredMessages.id,
      ignoredReason: ignoredMessages.reason,
      releasedAt: ignoredMessages.releasedAt,
      ignoredFrom: ignoredMessages.fromAddress,
      ignoredSubject: ignoredMessages.subject,
      caseFrom: caseMessages.fromAddress,
      caseSubject: caseMessages.subject,
      caseNumber: cases.number,
    })
    .from(rawMessages)
    .leftJoin(ignoredMessages, eq(ignoredMessages.rawMessageId, rawMessages.id))
    .leftJoin(caseMessages, sql`${caseMessages.rawMessageId} = ${rawMessages.id} and ${caseMessages.direction} = 'in'`)
    .leftJoin(cases, eq(cases.id, caseMessages.caseId))
    .orderBy(desc(rawMessages.createdAt), desc(rawMessages.id))
    .limit(Math.min(Math.max(limit, 1), 200));
  return rows.map((r) => ({
    rawMessageId: r.id,
    mailboxId: r.mailboxId,
    from: r.caseFrom ?? r.ignoredFrom,
    subject: r.caseSubject ?? r.ignoredSubject,
    receivedAt: r.createdAt.toISOString(),
    caseNumber: r.caseNumber === null ? null : Number(r.caseNumber),
    ignored: r.ignoredId ? { id: r.ignoredId, reason: r.ignoredReason!, released: r.releasedAt !== null } : null,
  }));
}
