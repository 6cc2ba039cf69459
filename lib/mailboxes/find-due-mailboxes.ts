// Mailboxes whose next sync is due and that nobody is syncing: the runner's and the Inngest cron's work list.
import { and, asc, inArray, isNull, lte, ne, or, sql } from 'drizzle-orm';
import { mailboxes } from '@/db/schema';
import { withSystem } from '@/db/tenancy';

export type DueMailbox = { id: string; tenantId: string; state: 'importing' | 'active' | 'error' };

/** `tenantIds` narrows the search (a runner dedicated to some tenants; tests). */
export async function findDueMailboxes(limit: number, tenantIds?: string[]): Promise<DueMailbox[]> {
  if (limit <= 0) return [];
  return withSystem(
    (tx) =>
      tx
        .select({ id: mailboxes.id, tenantId: mailboxes.tenantId, state: mailboxes.state })
        .from(mailboxes)
        .where(
          and(
            // draft, paused and needs_reauth wait for a person
            inArray(mailboxes.state, ['importing', 'active', 'error']),
            // a forwarding address is not polled: its mail arrives over SMTP
            ne(mailboxes.protocol, 'forward'),
            tenantIds ? inArray(mailboxes.tenantId, tenantIds) : undefined,
            or(isNull(mailboxes.nextSyncAt), lte(mailboxes.nextSyncAt, sql`now()`)),
            or(isNull(mailboxes.leaseExpiresAt), lte(mailboxes.leaseExpiresAt, sql`now()`)),
          ),
        )
        .orderBy(sql`${mailboxes.nextSyncAt} asc nulls first`, asc(mailboxes.id))
        .limit(limit) as Promise<DueMailbox[]>,
  );
}

/** Asks for a sync as soon as possible (IDLE saw new mail, a person clicked "sync now"). */
export async function requestMailboxSync(mailboxId: string): Promise<void> {
  await withSystem((tx) =>
    tx
      .update(mailboxes)
      .set({ nextSyncAt: sql`now()` })
      .where(and(sql`${mailboxes.id} = ${mailboxId}`, inArray(mailboxes.state, ['importing', 'active', 'error']))),
  );
}
