// The case columns a decision sets on a new case. An imported case stays Closed whatever a rule says.
import type { InboundDecision } from './evaluate-inbound';
import type { CaseStatus } from '@/lib/cases/case-status';

export type RuleCaseFields = {
  assigneeId?: string;
  priority?: 'low' | 'normal' | 'high' | 'urgent';
  tags?: string[];
  status?: CaseStatus;
};

export function ruleCaseFields(d: InboundDecision, { imported }: { imported: boolean }): RuleCaseFields {
  const c = d.changes;
  return {
    ...(c.assignee ? { assigneeId: c.assignee.userId } : {}),
    ...(c.priority ? { priority: c.priority.value } : {}),
    ...(c.tags.length ? { tags: c.tags.map((t) => t.tag) } : {}),
    ...(c.status && !imported ? { status: c.status.value } : {}),
  };
}

/**
 * A folder's defaults under the rules' fields: the rule's assignee wins, the tags are merged (distinct,
 * sorted). Applied before the case is written, so the case.created event carries them.
 */
export function withCaseDefaults(
  fields: RuleCaseFields,
  defaults: { assigneeId: string | null; tags: string[] } | undefined,
): RuleCaseFields {
  if (!defaults) return fields;
  const merged: RuleCaseFields = { ...fields };
  if (!merged.assigneeId && defaults.assigneeId) merged.assigneeId = defaults.assigneeId;
  if (defaults.tags.length) merged.tags = [...new Set([...(fields.tags ?? []), ...defaults.tags])].sort();
  return merged;
}
