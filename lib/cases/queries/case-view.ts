// The public shape of a case (CLI JSON, API), from a row of `cases`.
import type { cases } from '@/db/schema';
import type { CaseStatus } from '@/lib/cases/case-status';

export type CaseView = {
  number: number;
  subject: string;
  status: CaseStatus;
  imported: boolean;
  requester: { email: string; name: string | null };
  mailboxId: string | null;
  assigneeId: string | null;
  priority: 'low' | 'normal' | 'high' | 'urgent';
  tags: string[];
  createdAt: string;
  updatedAt: string;
  lastActivityAt: string;
};

export function toCaseView(row: typeof cases.$inferSelect): CaseView {
  return {
    number: Number(row.number),
    subject: row.subject,
    status: row.status,
    imported: row.imported,
    requester: { email: row.requesterEmail, name: row.requesterName },
    mailboxId: row.mailboxId,
    assigneeId: row.assigneeId,
    priority: row.priority,
    tags: row.tags,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    lastActivityAt: row.lastActivityAt.toISOString(),
  };
}
