// The signed-in user for pages and actions; everyone else goes to /sign-in.
import { eq } from 'drizzle-orm';
import { redirect } from 'next/navigation';
import { cache } from 'react';
import { users } from '@/db/schema';
import { withSystem } from '@/db/tenancy';
import { auth } from './config';

export type SessionUser = { id: string; email: string; name: string | null };

/** The session's user, re-read from the database (a deleted account's cookie is worth nothing), or null. */
export const getSessionUser = cache(async (): Promise<SessionUser | null> => {
  const session = await auth();
  const id = session?.user?.id;
  if (!id || !/^[0-9a-f-]{36}$/i.test(id)) return null;
  const [user] = await withSystem((tx) =>
    tx.select({ id: users.id, email: users.email, name: users.name }).from(users).where(eq(users.id, id)),
  );
  return user ?? null;
});

export async function requireUser(): Promise<SessionUser> {
  const user = await getSessionUser();
  if (!user) redirect('/sign-in');
  return user;
}
