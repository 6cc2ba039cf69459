// The review queue's sender actions (docs/architecture.md, invariant 8): "block sender" puts the held
// message's sender on the blocked list (its future mail is ignored as blocked-sender, replies
// included); "not spam" releases the message to a case and puts the sender on the allowed list, so
// the spam verdict headers no longer hold their mail. Any member may do either from the queue.
import { and, eq } from 'drizzle-orm';
import type { TenantTx } from '@/db/tenancy';
import { ignoredMessages } from '@/db/schema';
import type { AuditActor } from '@/lib/audit/record-audit';
import { AppError, isAppError } from '@/lib/errors';
import { isUuid } from '@/lib/is-uuid';
import { addSenderEntry } from '@/lib/rules/sender-list-entries';
import { releaseIgnoredMessage, type ReleaseResult } from './release-ignored-message';

export async function blockHeldSender(
  tx: TenantTx,
  p: { tenantId: string; ignoredMessageId: string; actor: AuditActor },
): Promise<{ blocked: string }> {
  const sender = await heldSender(tx, p);
  await addToList(tx, p, 'blocked', sender);
  return { blocked: sender };
}

export async function markHeldNotSpam(
  tx: TenantTx,
  p: { tenantId: string; ignoredMessageId: string; actor: AuditActor },
): Promise<ReleaseResult & { allowed: string }> {
  const sender = await heldSender(tx, p);
  const released = await releaseIgnoredMessage(tx, p);
  await addToList(tx, p, 'allowed', sender);
  return { ...released, allowed: sender };
}

async function heldSender(tx: TenantTx, p: { ignoredMessageId: string }): Promise<string> {
  const notFound = () => new AppError('not_found', 'There is no such held message.');
  if (!isUuid(p.ignoredMessageId)) throw notFound();
  const [row] = await tx
    .select({ from: ignoredMessages.fromAddress })
    .from(ignoredMessages)
    .where(eq(ignoredMessages.id, p.ignoredMessageId));
  if (!row) throw notFound();
  if (!row.from?.includes('@')) throw new AppError('validation', 'This message has no sender address to list.');
  return row.from.toLowerCase();
}

/** Already on that list is fine; on the other list is a conflict the agent must resolve in Sender lists. */
async function addToList(
  tx: TenantTx,
  p: { tenantId: string; actor: AuditActor },
  kind: 'blocked' | 'allowed',
  pattern: string,
) {
  try {
    await tx.transaction((sp) =>
      addSenderEntry(sp as TenantTx, { tenantId: p.tenantId, input: { kind, pattern }, actor: p.actor }),
    );
  } catch (err) {
    if (isAppError(err) && err.code === 'conflict' && err.message.includes(`already on the ${kind} list`)) return;
    throw err;
  }
}
