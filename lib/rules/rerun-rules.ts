// Re-run: the current rules applied to a message that was ignored ("release" it when they now let
// it through) or to open cases (their first inbound message is evaluated again). Without
// `confirm` nothing changes and the answer is the preview; with it, the preview is carried out.
//
// - An ignored message the current rules and lists would still ignore stays ignored (the plain
//   release is the way to override them). Otherwise it is released like an agent's release
//   (releaseIgnoredMessage: joins its thread or opens a case, no acknowledgement) and a new case
//   gets the rules' assignee, status, priority and tags.
// - An open case gets the rules' assignee, status, priority (when they differ) and their tags
//   added. A rule that would ignore or mark the message as spam is reported and not applied: a
//   case is never deleted by a re-run. Closed cases are skipped.
import { and, asc, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { TenantTx } from '@/db/tenancy';
import { caseMessages, cases, ignoredMessages, mailboxes, rawMessages } from '@/db/schema';
import { recordAudit, type AuditActor } from '@/lib/audit/record-audit';
import { booleanParam, caseNumberParam, parseQueryInput } from '@/lib/cases/queries/params';
import { releaseIgnoredMessage, type ReleaseResult } from '@/lib/cases/release-ignored-message';
import { AppError } from '@/lib/errors';
import { readMessageInPool } from '@/lib/mail/pool/read-message-in-pool';
import { buildIngestContext, readContextFor } from '@/lib/mailboxes/build-ingest-context';
import { enqueueEvent } from '@/lib/outbox/enqueue-event';
import { describeDecision } from './describe-decision';
import { type InboundDecision, type RuleTrace } from './evaluate-inbound';
import { recordRuleDecision } from './record-rule-decision';
import { ruleCaseFields } from './rule-case-fields';
import { isUuid } from '@/lib/is-uuid';

export const rerunInput = z.union([
  z.object({ ignoredMessageId: z.string().min(1), confirm: booleanParam.default(false) }),
  z.object({ caseNumbers: z.array(caseNumberParam).min(1).max(100), confirm: booleanParam.default(false) }),
]);

type Verdict = { outcome: 'case' } | { outcome: 'ignored'; kind: string; reason: string };

export type IgnoredRerun = {
  confirmed: boolean;
  ignoredMessageId: string;
  currentReason: string;
  /** What the current rules say. */
  now: Verdict;
  rules: RuleTrace[];
  notes: string[];
  /** Present when it was released by this call. */
  released?: ReleaseResult;
  alreadyReleased?: { caseId: string };
};

type Change = { before: unknown; after: unknown };
export type CaseRerun = {
  caseNumber: number;
  skipped?: 'not-found' | 'closed' | 'no-message';
  /** A matching rule would ignore the message: reported, not applied. */
  wouldIgnore?: { kind: string; reason: string };
  changes: Record<string, Change>;
  rules: RuleTrace[];
  flags: string[];
  applied: boolean;
};

async function evaluateRaw(tx: TenantTx, tenantId: string, mailboxId: string | null, rawMessageId: string | null) {
  if (!mailboxId)
    throw new AppError(
      'conflict',
      'The mailbox this message came from was deleted, so there are no mailbox rules to run.',
    );
  const [mailbox] = await tx.select().from(mailboxes).where(eq(mailboxes.id, mailboxId));
  const [raw] = rawMessageId
    ? await tx.select({ content: rawMessages.content }).from(rawMessages).where(eq(rawMessages.id, rawMessageId))
    : [];
  if (!mailbox)
    throw new AppError(
      'conflict',
      'The mailbox this message came from was deleted, so there are no mailbox rules to run.',
    );
  if (!raw) throw new AppError('conflict', 'The original message is no longer stored.');
  const ctx = await buildIngestContext(tx, mailbox);
  const parsed = await readMessageInPool(raw.content, readContextFor(ctx, mailbox.maxMessageBytes));
  if (!parsed.ok) return { parsed, decision: null };
  return { parsed, decision: parsed.decision! };
}

function verdictOf(d: InboundDecision): Verdict {
  if (d.ignore) return { outcome: 'ignored', kind: d.ignore.kind, reason: d.ignore.reason };
  if (d.classification.verdict !== 'normal')
    return { outcome: 'ignored', kind: d.classification.kind, reason: d.classification.reason };
  return { outcome: 'case' };
}

export async function rerunRulesOnIgnored(
  tx: TenantTx,
  p: { tenantId: string; ignoredMessageId: string; confirm: boolean; actor: AuditActor },
): Promise<IgnoredRerun> {
  const notFound = () => new AppError('not_found', 'There is no such ignored message.');
  if (!isUuid(p.ignoredMessageId)) throw notFound();
  const [row] = await tx.select().from(ignoredMessages).where(eq(ignoredMessages.id, p.ignoredMessageId)).for('update');
  if (!row) throw notFound();
  const base = { confirmed: p.confirm, ignoredMessageId: row.id, currentReason: row.reason };
  if (row.releasedCaseId)
    return { ...base, now: { outcome: 'case' }, rules: [], notes: [], alreadyReleased: { caseId: row.releasedCaseId } };

  const { parsed, decision } = await evaluateRaw(tx, p.tenantId, row.mailboxId, row.rawMessageId);
  if (!decision)
    return {
      ...base,
      now: { outcome: 'ignored', kind: 'quarantined', reason: parsed.ok ? '' : parsed.reason },
      rules: [],
      notes: [],
    };
  const now = verdictOf(decision);
  const preview = {
    ...base,
    now,
    rules: decision.rules,
    notes: now.outcome === 'case' ? describeDecision(decision) : [],
  };
  if (!p.confirm || now.outcome !== 'case') return preview;

  const released = await releaseIgnoredMessage(tx, { tenantId: p.tenantId, ignoredMessageId: row.id, actor: p.actor });
  if (released.outcome === 'created' && !released.alreadyReleased) {
    const fields = ruleCaseFields(decision, { imported: false });
    if (Object.keys(fields).length) {
      await tx
        .update(cases)
        .set({ ...fields, ...(fields.status === 'closed' ? { closedAt: new Date() } : {}) })
        .where(eq(cases.id, released.caseId));
    }
    await recordRuleDecision(tx, { tenantId: p.tenantId, caseId: released.caseId, decision });
  }
  await recordAudit(tx, {
    by: p,
    action: 'rules.rerun',
    target: { type: 'ignored_message', id: row.id },
    details: { caseNumber: released.caseNumber },
  });
  return { ...preview, released };
}

export async function rerunRulesOnCases(
  tx: TenantTx,
  p: { tenantId: string; caseNumbers: number[]; confirm: boolean; actor: AuditActor },
): Promise<CaseRerun[]> {
  const numbers = parseQueryInput(z.array(caseNumberParam).min(1).max(100), p.caseNumbers);
  const rows = await tx.select().from(cases).where(inArray(cases.number, numbers)).for('update');
  const byNumber = new Map(rows.map((r) => [Number(r.number), r]));
  const out: CaseRerun[] = [];
  for (const n of [...new Set(numbers)]) {
    const row = byNumber.get(n);
    const base = { caseNumber: n, changes: {}, rules: [], flags: [], applied: false };
    if (!row) {
      out.push({ ...base, skipped: 'not-found' });
      continue;
    }
    if (row.status === 'closed') {
      out.push({ ...base, skipped: 'closed' });
      continue;
    }
    const [first] = await tx
      .select({ rawMessageId: caseMessages.rawMessageId })
      .from(caseMessages)
      .where(and(eq(caseMessages.caseId, row.id), eq(caseMessages.direction, 'in')))
      .orderBy(asc(caseMessages.createdAt), asc(caseMessages.id))
      .limit(1);
    const evaluated = first?.rawMessageId ? await evaluateRaw(tx, p.tenantId, row.mailboxId, first.rawMessageId) : null;
    if (!evaluated?.decision) {
      out.push({ ...base, skipped: 'no-message' });
      continue;
    }
    const decision = evaluated.decision;
    const verdict = verdictOf(decision);
    const result: CaseRerun = {
      ...base,
      rules: decision.rules,
      flags: decision.flags.map((f) => `Rule '${f.ruleName}' ${f.problem}.`),
    };
    if (verdict.outcome === 'ignored') {
      out.push({ ...result, wouldIgnore: { kind: verdict.kind, reason: verdict.reason } });
      continue;
    }
    const fields = ruleCaseFields(decision, { imported: false });
    const patch: Partial<typeof cases.$inferInsert> = {};
    if (fields.assigneeId && fields.assigneeId !== row.assigneeId) {
      patch.assigneeId = fields.assigneeId;
      result.changes.assignee = { before: row.assigneeId, after: fields.assigneeId };
    }
    if (fields.status && fields.status !== row.status) {
      patch.status = fields.status;
      patch.closedAt = fields.status === 'closed' ? new Date() : null;
      result.changes.status = { before: row.status, after: fields.status };
    }
    if (fields.priority && fields.priority !== row.priority) {
      patch.priority = fields.priority;
      result.changes.priority = { before: row.priority, after: fields.priority };
    }
    const tags = [...new Set([...row.tags, ...(fields.tags ?? [])])];
    if (tags.length !== row.tags.length) {
      patch.tags = tags;
      result.changes.tags = { before: row.tags, after: tags };
    }
    if (p.confirm && Object.keys(patch).length) {
      await tx
        .update(cases)
        .set({ ...patch, updatedAt: new Date() })
        .where(eq(cases.id, row.id));
      await recordRuleDecision(tx, { tenantId: p.tenantId, caseId: row.id, decision });
      await enqueueEvent(tx, p.tenantId, 'case.updated', {
        caseId: row.id,
        caseNumber: n,
        changes: result.changes,
        reason: 'rules',
      });
      await recordAudit(tx, {
        by: p,
        action: 'rules.rerun',
        target: { type: 'case', id: row.id },
        details: { number: n, changes: result.changes },
      });
      result.applied = true;
    }
    out.push(result);
  }
  return out;
}

export async function rerunRules(tx: TenantTx, p: { tenantId: string; input: unknown; actor: AuditActor }) {
  const input = parseQueryInput(rerunInput, p.input);
  const run = { tenantId: p.tenantId, confirm: input.confirm, actor: p.actor };
  if ('ignoredMessageId' in input)
    return { ignored: await rerunRulesOnIgnored(tx, { ...run, ignoredMessageId: input.ignoredMessageId }) };
  return { cases: await rerunRulesOnCases(tx, { ...run, caseNumbers: input.caseNumbers }) };
}
