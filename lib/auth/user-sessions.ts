// Revocable sessions (README "Accounts"): the session cookie (a next-auth JWT) names a row here and
// carries the user's session version. Every request checks both, so signing out (the row is revoked),
// signing out everywhere, a password change or a reset (the version goes up) end copied cookies too.
import { and, eq, gt, isNull, lt, sql } from 'drizzle-orm';
import type { SystemTx } from '@/db/tenancy';
import { userSessions, users } from '@/db/schema';
import { endUserLiveStreams } from '@/lib/live/end-live-session';

export const SESSION_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;

export type SessionClaims = { userId: string; sessionId: string; version: number };
export type SessionUser = { id: string; email: string; name: string | null };

/** A new session for a user who just signed in: its id and the version it is bound to. */
export async function startSession(tx: SystemTx, userId: string, now = new Date()): Promise<SessionClaims> {
  const [user] = await tx.select({ version: users.sessionVersion }).from(users).where(eq(users.id, userId));
  if (!user) throw new Error('startSession: unknown user');
  const [row] = await tx
    .insert(userSessions)
    .values({ userId, expiresAt: new Date(now.getTime() + SESSION_MAX_AGE_SECONDS * 1000) })
    .returning({ id: userSessions.id });
  return { userId, sessionId: row.id, version: user.version };
}

/** The user behind a session cookie's claims, or null when it was revoked, expired or is from an older version. */
export async function findSessionUser(
  tx: SystemTx,
  claims: SessionClaims,
  now = new Date(),
): Promise<SessionUser | null> {
  const [row] = await tx
    .select({ id: users.id, email: users.email, name: users.name })
    .from(userSessions)
    .innerJoin(users, eq(users.id, userSessions.userId))
    .where(
      and(
        eq(userSessions.id, claims.sessionId),
        eq(userSessions.userId, claims.userId),
        isNull(userSessions.revokedAt),
        gt(userSessions.expiresAt, now),
        eq(users.sessionVersion, claims.version),
      ),
    );
  return row ?? null;
}

/** Sign out: this session only. */
export async function revokeSession(tx: SystemTx, sessionId: string, now = new Date()): Promise<void> {
  await tx
    .update(userSessions)
    .set({ revokedAt: now })
    .where(and(eq(userSessions.id, sessionId), isNull(userSessions.revokedAt)));
}

/** Sign out everywhere (and what a password change or reset does): every session of the user ends. */
export async function revokeAllSessions(tx: SystemTx, userId: string, now = new Date()): Promise<void> {
  await tx
    .update(users)
    .set({ sessionVersion: sql`${users.sessionVersion} + 1` })
    .where(eq(users.id, userId));
  await tx
    .update(userSessions)
    .set({ revokedAt: now })
    .where(and(eq(userSessions.userId, userId), isNull(userSessions.revokedAt)));
  await endUserLiveStreams(tx, { userId }); // their open live streams close at commit
  // Expired and revoked rows are of no further use.
  await tx.delete(userSessions).where(and(eq(userSessions.userId, userId), lt(userSessions.expiresAt, now)));
}
