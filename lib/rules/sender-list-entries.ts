// The tenant's blocked and allowed senders (addresses or domains). One pattern sits on one list
// only: being on both would leave the reader guessing which wins.
import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { TenantTx } from '@/db/tenancy';
import { senderListEntries } from '@/db/schema';
import { recordAudit, type AuditActor } from '@/lib/audit/record-audit';
import { parseQueryInput } from '@/lib/cases/queries/params';
import { AppError } from '@/lib/errors';
import { senderPatternSchema } from './sender-pattern';
import { isUuid } from '@/lib/is-uuid';

export const senderListKind = z.enum(['blocked', 'allowed']);
export type SenderListKind = z.output<typeof senderListKind>;

export const senderEntryInput = z.object({
  kind: senderListKind,
  pattern: senderPatternSchema,
  note: z.string().trim().max(500).optional(),
});

export type SenderEntryView = {
  id: string;
  kind: SenderListKind;
  pattern: string;
  note: string | null;
  createdAt: string;
};

const view = (r: typeof senderListEntries.$inferSelect): SenderEntryView => ({
  id: r.id,
  kind: r.kind,
  pattern: r.pattern,
  note: r.note,
  createdAt: r.createdAt.toISOString(),
});

export async function listSenderEntries(tx: TenantTx, p: { kind?: string } = {}): Promise<SenderEntryView[]> {
  const kind =
    p.kind === undefined ? undefined : parseQueryInput(z.object({ kind: senderListKind }), { kind: p.kind }).kind;
  const rows = await tx
    .select()
    .from(senderListEntries)
    .where(kind ? eq(senderListEntries.kind, kind) : undefined)
    .orderBy(asc(senderListEntries.kind), asc(senderListEntries.pattern));
  return rows.map(view);
}

export async function addSenderEntry(
  tx: TenantTx,
  p: { tenantId: string; input: unknown; actor: AuditActor },
): Promise<SenderEntryView> {
  const input = parseQueryInput(senderEntryInput, p.input);
  const [existing] = await tx.select().from(senderListEntries).where(eq(senderListEntries.pattern, input.pattern));
  if (existing) {
    throw new AppError(
      'conflict',
      existing.kind === input.kind
        ? `${input.pattern} is already on the ${input.kind} list.`
        : `${input.pattern} is on the ${existing.kind} list; remove it there first.`,
      { field: 'pattern' },
    );
  }
  const [row] = await tx
    .insert(senderListEntries)
    .values({ tenantId: p.tenantId, kind: input.kind, pattern: input.pattern, note: input.note || null })
    .onConflictDoNothing()
    .returning();
  if (!row)
    throw new AppError('conflict', `${input.pattern} is already on the ${input.kind} list.`, { field: 'pattern' });
  await recordAudit(tx, {
    by: p,
    action: 'sender_list.added',
    target: { type: 'sender_list_entry', id: row.id },
    details: { kind: row.kind, pattern: row.pattern },
  });
  return view(row);
}

export async function removeSenderEntry(
  tx: TenantTx,
  p: { tenantId: string; id: string; actor: AuditActor },
): Promise<{ deleted: true; id: string }> {
  const notFound = () => new AppError('not_found', 'There is no such sender list entry.');
  if (!isUuid(p.id)) throw notFound();
  const [row] = await tx.delete(senderListEntries).where(eq(senderListEntries.id, p.id)).returning();
  if (!row) throw notFound();
  await recordAudit(tx, {
    by: p,
    action: 'sender_list.removed',
    target: { type: 'sender_list_entry', id: row.id },
    details: { kind: row.kind, pattern: row.pattern },
  });
  return { deleted: true, id: row.id };
}
