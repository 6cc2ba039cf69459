// The collision notice ("Ana is replying"): an agent writing a reply says so every few seconds (the row lives
// PRESENCE_SECONDS), and the case page asks who else is writing on this case. Nothing is kept for long: a row
// past its time means nothing.
import { and, eq, gt, ne, sql } from 'drizzle-orm';
import type { TenantTx } from '@/db/tenancy';
import { casePresence, cases, users } from '@/db/schema';
import { AppError } from '@/lib/errors';

export const PRESENCE_SECONDS = 30;

export async function announceReplying(
  tx: TenantTx,
  { tenantId, userId, number }: { tenantId: string; userId: string; number: number },
): Promise<void> {
  const caseId = await caseIdOf(tx, number);
  const until = sql`now() + make_interval(secs => ${PRESENCE_SECONDS})`;
  await tx
    .insert(casePresence)
    .values({ tenantId, caseId, userId, until })
    .onConflictDoUpdate({ target: [casePresence.caseId, casePresence.userId], set: { until } });
}

/** The names (or addresses) of the other agents writing a reply on this case now. */
export async function listReplying(
  tx: TenantTx,
  { number, exceptUserId }: { number: number; exceptUserId: string },
): Promise<string[]> {
  const caseId = await caseIdOf(tx, number);
  const rows = await tx
    .select({ name: users.name, email: users.email })
    .from(casePresence)
    .innerJoin(users, eq(users.id, casePresence.userId))
    .where(
      and(eq(casePresence.caseId, caseId), ne(casePresence.userId, exceptUserId), gt(casePresence.until, sql`now()`)),
    );
  return rows.map((r) => r.name || r.email).sort();
}

async function caseIdOf(tx: TenantTx, number: number): Promise<string> {
  const [c] = Number.isSafeInteger(number)
    ? await tx.select({ id: cases.id }).from(cases).where(eq(cases.number, number))
    : [];
  if (!c) throw new AppError('not_found', `There is no case #${number}.`);
  return c.id;
}
