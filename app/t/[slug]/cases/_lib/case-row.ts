// A row of the cases list as the browser shows it, labels resolved on the server: the page renders the
// first rows from these and the live list receives later ones in the same shape.
import type { CaseView } from '@/lib/cases/queries/case-view';
import type { TriageDetails } from '@/lib/workspace/load-triage-details';

export type CaseRow = {
  number: number;
  subject: string;
  status: CaseView['status'];
  imported: boolean;
  requester: { email: string; name: string | null };
  /** null: unassigned. */
  assigneeLabel: string | null;
  /** Shown only when the tenant has more than one mailbox. */
  mailboxEmail: string | null;
  lastActivityAt: string;
  priority: CaseView['priority'];
  tags: string[];
  /** The latest customer message's new text, short. */
  preview: string | null;
  /** Customer mail this agent has not seen since they last opened the case. */
  unread: boolean;
};

export type RowLabels = {
  members: { userId: string; name: string | null; email: string }[];
  mailboxes: { id: string; email: string }[];
};

export function caseRowMapper({ members, mailboxes }: RowLabels): (c: CaseView) => CaseRow {
  const memberLabel = new Map(members.map((m) => [m.userId, m.name || m.email]));
  const mailboxEmail = new Map(mailboxes.map((m) => [m.id, m.email]));
  return (c) => ({
    number: c.number,
    subject: c.subject,
    status: c.status,
    imported: c.imported,
    requester: c.requester,
    assigneeLabel: c.assigneeId ? (memberLabel.get(c.assigneeId) ?? 'a former member') : null,
    mailboxEmail: c.mailboxId && mailboxes.length > 1 ? (mailboxEmail.get(c.mailboxId) ?? null) : null,
    lastActivityAt: c.lastActivityAt,
    priority: c.priority,
    tags: c.tags,
    preview: null,
    unread: false,
  });
}

/** The rows with this agent's preview line and unread marker (lib/workspace/load-triage-details.ts). */
export function withTriageDetails(rows: CaseRow[], details: Map<number, TriageDetails>): CaseRow[] {
  return rows.map((r) => ({ ...r, ...(details.get(r.number) ?? {}) }));
}
