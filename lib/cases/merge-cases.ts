// Merges one case into another ("these two are the same request"), all in the caller's transaction:
//
//   1. lock both cases, in number order (two merges of the same pair take turns, never deadlock);
//   2. move the merged case's history — messages, notes, system entries and, with them, their attachments —
//      to the target, where the page orders it by time, so the two histories interleave; an
//      acknowledgement keeps its place but not its role (the target's own acknowledgement stays the one);
//   3. point what referred to the merged case (review-queue rows, earlier merges into it) at the target;
//   4. the target takes what the merged case adds: its tags, a higher priority, an assignee when it had
//      none, and its open state when the target was closed;
//   5. delete the merged case's row — the case_counts triggers take it off the counts in this statement —
//      and keep its number in case_merges, so its page, the API and a `[Case #N]` token lead to the target;
//   6. record it: a history entry on the target, the audit log and a `case.merged` outbox event (webhooks).
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { TenantTx } from '@/db/tenancy';
import { caseMerges, caseMessages, cases, ignoredMessages } from '@/db/schema';
import { recordAudit, type AuditActor } from '@/lib/audit/record-audit';
import { AppError } from '@/lib/errors';
import { enqueueEvent } from '@/lib/outbox/enqueue-event';
import { lockCase, type CaseRow } from './lock-case';
import { toCaseView, type CaseView } from './queries/case-view';
import { actorLabel, writeCaseChange } from './write-case-change';

export const mergeCaseInput = z.object({
  /** The number of the case that stays; the case in the path joins it. */
  into: z.coerce
    .number({ error: 'into: the number of the case to merge into.' })
    .int('into: a case number.')
    .positive('into: a case number.')
    .max(Number.MAX_SAFE_INTEGER, 'into: a case number.'),
});

/** What an acknowledgement becomes when its case is merged: still shown, no longer the target's one. */
export const MERGED_ACK_KIND = 'acknowledgement-merged';

const PRIORITY_RANK = { low: 0, normal: 1, high: 2, urgent: 3 } as const;
const MAX_TAGS = 20;

export type MergeResult = CaseView & { mergedCaseNumber: number; movedMessages: number };

export async function mergeCases(
  tx: TenantTx,
  params: { tenantId: string; number: number; input: unknown; actor: AuditActor },
): Promise<MergeResult> {
  const { into } = mergeCaseInput.parse(params.input);
  const { tenantId, actor } = params;
  // Both are looked up before anything is judged: a number of another tenant is not found, whatever else.
  const [first, second] = params.number < into ? [params.number, into] : [into, params.number];
  const locked = new Map<number, CaseRow>();
  locked.set(first, await lockCase(tx, first));
  if (second !== first) locked.set(second, await lockCase(tx, second));
  if (into === params.number)
    throw new AppError('validation', 'A case cannot be merged into itself.', { field: 'into' });
  const source = locked.get(params.number)!;
  const target = locked.get(into)!;

  await tx
    .update(caseMessages)
    .set({ systemKind: MERGED_ACK_KIND })
    .where(and(eq(caseMessages.caseId, source.id), eq(caseMessages.systemKind, 'acknowledgement')));
  const moved = await tx
    .update(caseMessages)
    .set({ caseId: target.id })
    .where(eq(caseMessages.caseId, source.id))
    .returning({ id: caseMessages.id });
  await tx.update(ignoredMessages).set({ caseId: target.id }).where(eq(ignoredMessages.caseId, source.id));
  await tx
    .update(ignoredMessages)
    .set({ releasedCaseId: target.id })
    .where(eq(ignoredMessages.releasedCaseId, source.id));
  await tx.update(caseMerges).set({ intoCaseId: target.id }).where(eq(caseMerges.intoCaseId, source.id));

  const patch: Partial<typeof cases.$inferInsert> = {};
  const tags = [...new Set([...target.tags, ...source.tags])].slice(0, MAX_TAGS);
  if (tags.length !== target.tags.length) patch.tags = tags;
  if (PRIORITY_RANK[source.priority] > PRIORITY_RANK[target.priority]) patch.priority = source.priority;
  if (!target.assigneeId && source.assigneeId) patch.assigneeId = source.assigneeId;
  if (target.status === 'closed' && source.status !== 'closed') {
    patch.status = source.status;
    patch.closedAt = null;
  }

  await tx.delete(cases).where(eq(cases.id, source.id));
  await tx.insert(caseMerges).values({
    tenantId,
    number: Number(source.number),
    intoCaseId: target.id,
    mergedBy: actor.kind === 'user' ? actor.userId : null,
  });
  const who = await actorLabel(tx, actor);
  const subject = source.subject.length > 200 ? `${source.subject.slice(0, 200)}…` : source.subject;
  const text = `${who} merged case #${source.number} (${subject}) into this case.`;
  const updated = await writeCaseChange(tx, {
    tenantId,
    actor,
    caseId: target.id,
    patch,
    entries: [{ systemKind: 'merged', text }],
  });

  const details = {
    number: Number(target.number),
    mergedCaseId: source.id,
    mergedCaseNumber: Number(source.number),
    movedMessages: moved.length,
  };
  await recordAudit(tx, {
    by: { tenantId, actor },
    action: 'case.merged',
    target: { type: 'case', id: target.id },
    details,
  });
  await enqueueEvent(tx, tenantId, 'case.merged', {
    caseId: target.id,
    caseNumber: Number(target.number),
    mergedCaseId: source.id,
    mergedCaseNumber: Number(source.number),
    mergedSubject: source.subject,
    actorUserId: actor.kind === 'user' ? actor.userId : null,
  });
  return { ...toCaseView(updated), mergedCaseNumber: Number(source.number), movedMessages: moved.length };
}
