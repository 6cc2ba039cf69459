// One sync per mailbox at a time (docs/architecture.md, invariant 2): a lease row in Postgres with an expiry.
// A holder on this host whose process is gone is taken over at once, so a crashed sync does not
// block the next one for the whole lease period.
import os from 'node:os';
import { randomBytes } from 'node:crypto';
import { and, eq, isNull, lt, or, sql } from 'drizzle-orm';
import { mailboxes } from '@/db/schema';
import { withSystem } from '@/db/tenancy';

export const LEASE_SECONDS = 120;

export type MailboxRow = typeof mailboxes.$inferSelect;

export function newLeaseOwner(): string {
  return `${os.hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
}

function holderIsDeadHere(owner: string | null): boolean {
  if (!owner) return false;
  const [host, pidText] = owner.split(':');
  const pid = Number(pidText);
  if (host !== os.hostname() || !Number.isInteger(pid) || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** Takes the lease, or returns null when another live run holds it. */
export async function acquireMailboxLease(mailboxId: string, owner: string): Promise<MailboxRow | null> {
  return withSystem(async (tx) => {
    const expiry = sql`now() + make_interval(secs => ${LEASE_SECONDS})`;
    const [taken] = await tx
      .update(mailboxes)
      .set({ leaseOwner: owner, leaseExpiresAt: expiry })
      .where(
        and(
          eq(mailboxes.id, mailboxId),
          or(
            isNull(mailboxes.leaseExpiresAt),
            lt(mailboxes.leaseExpiresAt, sql`now()`),
            eq(mailboxes.leaseOwner, owner),
          ),
        ),
      )
      .returning();
    if (taken) return taken;
    const [held] = await tx.select({ owner: mailboxes.leaseOwner }).from(mailboxes).where(eq(mailboxes.id, mailboxId));
    if (!held || !holderIsDeadHere(held.owner)) return null;
    const [stolen] = await tx
      .update(mailboxes)
      .set({ leaseOwner: owner, leaseExpiresAt: expiry })
      .where(and(eq(mailboxes.id, mailboxId), eq(mailboxes.leaseOwner, held.owner!)))
      .returning();
    return stolen ?? null;
  });
}

/** Extends the lease; false when it was lost (the run must stop before deleting anything more). */
export async function renewMailboxLease(mailboxId: string, owner: string): Promise<boolean> {
  return withSystem(async (tx) => {
    const rows = await tx
      .update(mailboxes)
      .set({ leaseExpiresAt: sql`now() + make_interval(secs => ${LEASE_SECONDS})` })
      .where(and(eq(mailboxes.id, mailboxId), eq(mailboxes.leaseOwner, owner)))
      .returning({ id: mailboxes.id });
    return rows.length > 0;
  });
}

export async function releaseMailboxLease(mailboxId: string, owner: string): Promise<void> {
  await withSystem((tx) =>
    tx
      .update(mailboxes)
      .set({ leaseOwner: null, leaseExpiresAt: null })
      .where(and(eq(mailboxes.id, mailboxId), eq(mailboxes.leaseOwner, owner))),
  );
}
