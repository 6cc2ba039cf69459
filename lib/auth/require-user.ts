// The signed-in user for pages and actions; everyone else goes to /sign-in.
import { redirect } from 'next/navigation';
import { cache } from 'react';
import { withSystem } from '@/db/tenancy';
import { isUuid } from '@/lib/is-uuid';
import { auth } from './config';
import { findSessionUser, type SessionUser } from './user-sessions';

export type { SessionUser };

/** The session cookie's claims when they are well-formed (not yet checked against the database). */
export async function getSessionClaims(): Promise<{ userId: string; sessionId: string; version: number } | null> {
  const session = await auth();
  const userId = session?.user?.id;
  const { sid, sv } = session ?? {};
  if (!isUuid(userId) || !isUuid(sid) || typeof sv !== 'number') return null;
  return { userId, sessionId: sid, version: sv };
}

/**
 * The session's user, re-read from the database with its session row and version: a deleted account's,
 * a signed-out session's or a cookie from before a password change is worth nothing. Null otherwise.
 */
export const getSessionUser = cache(async (): Promise<SessionUser | null> => {
  const claims = await getSessionClaims();
  if (!claims) return null;
  return withSystem((tx) => findSessionUser(tx, claims));
});

export async function requireUser(): Promise<SessionUser> {
  const user = await getSessionUser();
  if (!user) redirect('/sign-in');
  return user;
}
