// Appends to the tenant's audit log inside the caller's transaction.
import { auditLog } from '@/db/schema';
import type { Tx } from '@/db/tenancy';

export type AuditActor =
  { kind: 'user'; userId: string } | { kind: 'api_key'; apiKeyId: string } | { kind: 'system' } | { kind: 'cli' };

export async function recordAudit(
  tx: Tx,
  entry: {
    tenantId: string;
    actor: AuditActor;
    action: string;
    targetType?: string;
    targetId?: string;
    details?: Record<string, unknown>;
  },
): Promise<void> {
  await tx.insert(auditLog).values({
    tenantId: entry.tenantId,
    actorKind: entry.actor.kind,
    actorUserId: entry.actor.kind === 'user' ? entry.actor.userId : null,
    actorApiKeyId: entry.actor.kind === 'api_key' ? entry.actor.apiKeyId : null,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId,
    details: entry.details,
  });
}
