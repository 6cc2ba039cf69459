// A person's change to a case — an edit (update-case.ts) or a merge (merge-cases.ts) — written one way:
// the case's new column values, stamped as activity, and the history entries that say who did what.
import { eq } from 'drizzle-orm';
import type { TenantTx } from '@/db/tenancy';
import { caseMessages, cases, users } from '@/db/schema';
import type { AuditActor } from '@/lib/audit/record-audit';
import { plainDisplayColumns } from '@/lib/mail/derive-content';
import type { CaseRow } from './lock-case';

export type HistoryEntry = { systemKind: string; text: string };

/** Applies `patch` to the case and adds `entries` to its history in the actor's name; returns the new row. */
export async function writeCaseChange(
  tx: TenantTx,
  p: {
    tenantId: string;
    actor: AuditActor;
    caseId: string;
    patch: Partial<typeof cases.$inferInsert>;
    entries: HistoryEntry[];
  },
): Promise<CaseRow> {
  const now = new Date();
  const [updated] = await tx
    .update(cases)
    .set({ ...p.patch, updatedAt: now, lastActivityAt: now })
    .where(eq(cases.id, p.caseId))
    .returning();
  await tx.insert(caseMessages).values(
    p.entries.map((e) => ({
      tenantId: p.tenantId,
      caseId: p.caseId,
      direction: 'system' as const,
      systemKind: e.systemKind,
      text: e.text,
      ...plainDisplayColumns(e.text),
      authorUserId: p.actor.kind === 'user' ? p.actor.userId : null,
    })),
  );
  return updated;
}

/** How the history names who did it. */
export async function actorLabel(tx: TenantTx, actor: AuditActor): Promise<string> {
  if (actor.kind === 'user') {
    const [u] = await tx.select({ email: users.email, name: users.name }).from(users).where(eq(users.id, actor.userId));
    return u?.name || u?.email || 'An agent';
  }
  if (actor.kind === 'api_key') return 'An API client';
  return 'Caseflow';
}
