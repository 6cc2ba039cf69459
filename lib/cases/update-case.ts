// An agent (or an API key) changes a case's status, assignee, priority or tags. Each change is recorded three
// times, each for its own reader: a system entry in the case's history, the audit log, and a
// `case.updated` outbox event (webhooks) — all in the caller's transaction.
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { CASE_PRIORITIES, CASE_STATUSES } from './case-status';
import type { TenantTx } from '@/db/tenancy';
import { cases, memberships, users } from '@/db/schema';
import { recordAudit, type AuditActor } from '@/lib/audit/record-audit';
import { AppError } from '@/lib/errors';
import { enqueueEvent } from '@/lib/outbox/enqueue-event';
import { lockCase } from './lock-case';
import { toCaseView, type CaseView } from './queries/case-view';
import { caseTagSchema } from '@/lib/rules/rule-schema';
import { actorLabel, writeCaseChange, type HistoryEntry } from './write-case-change';

const MAX_TAGS = 20;
const tagList = z.array(caseTagSchema).max(MAX_TAGS, `At most ${MAX_TAGS} tags.`);

export const updateCaseInput = z
  .object({
    status: z.enum(CASE_STATUSES, { error: 'Status is open, pending or closed.' }).optional(),
    /** A member's user id, or null to unassign. */
    assigneeId: z.uuid({ error: 'Choose a member of this workspace.' }).nullable().optional(),
    priority: z.enum(CASE_PRIORITIES, { error: 'Priority is low, normal, high or urgent.' }).optional(),
    /** The case's whole tag list; or addTags / removeTags to change some (bulk edits). */
    tags: tagList.optional(),
    addTags: tagList.optional(),
    removeTags: tagList.optional(),
  })
  .refine(
    (v) =>
      v.status !== undefined ||
      v.assigneeId !== undefined ||
      v.priority !== undefined ||
      v.tags !== undefined ||
      v.addTags?.length ||
      v.removeTags?.length,
    { message: 'Nothing to change: send a status, assigneeId, priority or tags.' },
  );

export type UpdateCaseInput = z.input<typeof updateCaseInput>;

type Assignee = { id: string; email: string; name: string | null } | null;

export async function updateCase(
  tx: TenantTx,
  params: { tenantId: string; number: number; input: unknown; actor: AuditActor },
): Promise<CaseView & { changed: string[] }> {
  const input = updateCaseInput.parse(params.input);
  const { tenantId, actor } = params;
  const row = await lockCase(tx, params.number);
  const patch: Partial<typeof cases.$inferInsert> = {};
  const changes: Record<string, { before: unknown; after: unknown }> = {};
  const entries: HistoryEntry[] = [];
  const who = await actorLabel(tx, actor);

  if (input.status !== undefined && input.status !== row.status) {
    patch.status = input.status;
    patch.closedAt = input.status === 'closed' ? new Date() : null;
    changes.status = { before: row.status, after: input.status };
    entries.push({ systemKind: 'status', text: `${who} changed the status from ${row.status} to ${input.status}.` });
  }
  if (input.assigneeId !== undefined && input.assigneeId !== row.assigneeId) {
    const before = await member(tx, row.assigneeId);
    const after = input.assigneeId ? await member(tx, input.assigneeId) : null;
    if (input.assigneeId && !after)
      throw new AppError('validation', 'The assignee must be a member of this workspace.', { field: 'assigneeId' });
    patch.assigneeId = input.assigneeId;
    changes.assignee = { before, after };
    entries.push({
      systemKind: 'assignee',
      text: after
        ? `${who} assigned the case to ${after.name || after.email}.`
        : `${who} unassigned the case${before ? ` (was ${before.name || before.email})` : ''}.`,
    });
  }
  if (input.priority !== undefined && input.priority !== row.priority) {
    patch.priority = input.priority;
    changes.priority = { before: row.priority, after: input.priority };
    entries.push({
      systemKind: 'priority',
      text: `${who} changed the priority from ${row.priority} to ${input.priority}.`,
    });
  }
  if (input.tags !== undefined || input.addTags?.length || input.removeTags?.length) {
    const removed = new Set(input.removeTags ?? []);
    const next = [...new Set([...(input.tags ?? row.tags), ...(input.addTags ?? [])])].filter((t) => !removed.has(t));
    if (next.length > MAX_TAGS)
      throw new AppError('validation', `A case has at most ${MAX_TAGS} tags.`, { field: 'tags' });
    const before = [...row.tags].sort();
    const after = [...next].sort();
    if (before.join('\u0000') !== after.join('\u0000')) {
      patch.tags = next;
      changes.tags = { before: row.tags, after: next };
      const added = next.filter((t) => !row.tags.includes(t));
      const dropped = row.tags.filter((t) => !next.includes(t));
      entries.push({
        systemKind: 'tags',
        text: `${who} ${[
          added.length ? `added ${added.join(', ')}` : '',
          dropped.length ? `removed ${dropped.join(', ')}` : '',
        ]
          .filter(Boolean)
          .join(' and ')} as tags.`,
      });
    }
  }
  if (!entries.length) return { ...toCaseView(row), changed: [] };

  const updated = await writeCaseChange(tx, { tenantId, actor, caseId: row.id, patch, entries });
  await recordAudit(tx, {
    by: { tenantId, actor },
    action: 'case.updated',
    target: { type: 'case', id: row.id },
    details: { number: Number(row.number), changes },
  });
  await enqueueEvent(tx, tenantId, 'case.updated', {
    caseId: row.id,
    caseNumber: Number(row.number),
    changes,
    reason: 'agent',
    // Who did it (never sent in webhooks): their own change mails them no notification.
    actorUserId: actor.kind === 'user' ? actor.userId : null,
  });
  return { ...toCaseView(updated), changed: Object.keys(changes) };
}

async function member(tx: TenantTx, userId: string | null): Promise<Assignee> {
  if (!userId) return null;
  const [row] = await tx
    .select({ id: users.id, email: users.email, name: users.name })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.userId, userId));
  return row ?? null;
}
