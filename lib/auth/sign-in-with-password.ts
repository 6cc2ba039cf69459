// Sign-in with throttling: refuse while the account or the address must wait (without checking the
// password), check the password, count a failure or forget the account's failures on success.
import { withSystem } from '@/db/tenancy';
import { authenticateUser, credentialsSchema, type AuthenticatedUser } from './authenticate-user';
import { clearAccountThrottle, recordSignInFailure, signInWait } from './sign-in-throttle';

export type SignInOutcome = { ok: true; user: AuthenticatedUser } | { ok: false; retryAfterSeconds?: number };

export async function signInWithPassword(
  credentials: unknown,
  { clientAddress = null, now = new Date() }: { clientAddress?: string | null; now?: Date } = {},
): Promise<SignInOutcome> {
  const parsed = credentialsSchema.safeParse(credentials);
  if (!parsed.success) return { ok: false };
  const keys = { account: parsed.data.email, address: clientAddress };
  const wait = await withSystem((tx) => signInWait(tx, keys, now));
  if (wait > 0) return { ok: false, retryAfterSeconds: wait };
  const user = await authenticateUser(parsed.data);
  if (!user) {
    const next = await withSystem((tx) => recordSignInFailure(tx, keys, now));
    return next > 0 ? { ok: false, retryAfterSeconds: next } : { ok: false };
  }
  await withSystem((tx) => clearAccountThrottle(tx, parsed.data.email));
  return { ok: true, user };
}
