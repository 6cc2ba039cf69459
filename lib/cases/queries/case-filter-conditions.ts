// The list's filters as SQL conditions, shared by the list itself and by the live list's "which of these
// changed cases still belong on my page" question (list-cases-by-number.ts).
import { arrayContains, eq, isNull, type SQL } from 'drizzle-orm';
import { cases } from '@/db/schema';
import type { CaseStatus } from '@/lib/cases/case-status';

export type CaseFilters = {
  status?: CaseStatus;
  mailboxId?: string;
  imported?: boolean;
  assignee?: 'unassigned' | string;
  priority?: 'low' | 'normal' | 'high' | 'urgent';
  tag?: string;
};

export function caseFilterConditions(f: CaseFilters): (SQL | undefined)[] {
  return [
    f.status ? eq(cases.status, f.status) : undefined,
    f.mailboxId ? eq(cases.mailboxId, f.mailboxId) : undefined,
    f.imported !== undefined ? eq(cases.imported, f.imported) : undefined,
    f.assignee === 'unassigned' ? isNull(cases.assigneeId) : f.assignee ? eq(cases.assigneeId, f.assignee) : undefined,
    f.priority ? eq(cases.priority, f.priority) : undefined,
    f.tag ? arrayContains(cases.tags, [f.tag]) : undefined,
  ];
}
