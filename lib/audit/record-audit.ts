// Appends to the tenant's audit log inside the caller's transaction.
//   await recordAudit(tx, { by: p, action: 'rule.deleted', target: { type: 'rule', id }, details: { name } });
// `by` is any value that carries the tenant and the actor (most data-access params already do).
import { auditLog } from '@/db/schema';
import type { Tx } from '@/db/tenancy';

export type AuditActor =
  { kind: 'user'; userId: string } | { kind: 'api_key'; apiKeyId: string } | { kind: 'system' } | { kind: 'cli' };

/** Who made the change, and in which tenant. */
export type AuditBy = { tenantId: string; actor: AuditActor };

/** What the change is about: the kind of row (the log's target_type) and, when it is one row, its id. */
export type AuditTarget = { type: string; id?: string };

export async function recordAudit(
  tx: Tx,
  entry: { by: AuditBy; action: string; target?: AuditTarget; details?: Record<string, unknown> },
): Promise<void> {
  await tx.insert(auditLog).values({
    tenantId: entry.by.tenantId,
    actorKind: entry.by.actor.kind,
    actorUserId: entry.by.actor.kind === 'user' ? entry.by.actor.userId : null,
    actorApiKeyId: entry.by.actor.kind === 'api_key' ? entry.by.actor.apiKeyId : null,
    action: entry.action,
    targetType: entry.target?.type,
    targetId: entry.target?.id,
    details: entry.details,
  });
}
