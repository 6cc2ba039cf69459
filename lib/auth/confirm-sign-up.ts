// The second half of an enumeration-proof sign-up (request-sign-up.ts): the person opened the link from
// their mail and confirms; the workspace and its owner are made from the sealed details. A link that was
// tampered with or expired, or whose address has an account by now (the link was used), is refused.
import { sql } from 'drizzle-orm';
import { users } from '@/db/schema';
import { withSystem } from '@/db/tenancy';
import { AppError } from '@/lib/errors';
import type { CreatedTenant } from '@/lib/tenants/create-tenant';
import { createWorkspace } from './sign-up';
import { openSignUpLink, type PendingSignUp } from './sign-up-link';

export const SIGN_UP_LINK_INVALID =
  'This sign-up link has expired or was already used. Sign in, or sign up again for a new link.';

/** What the confirmation page shows before the person confirms; null for a link that does not work (any more). */
export async function describeSignUpLink(
  token: string,
  now = new Date(),
): Promise<Pick<PendingSignUp, 'email' | 'workspaceName'> | null> {
  const pending = openSignUpLink(token, now);
  if (!pending) return null;
  const [used] = await withSystem((tx) =>
    tx
      .select({ id: users.id })
      .from(users)
      .where(sql`lower(${users.email}) = ${pending.email.toLowerCase()}`),
  );
  return used ? null : { email: pending.email, workspaceName: pending.workspaceName };
}

export async function confirmSignUp(token: string, now = new Date()): Promise<CreatedTenant & { email: string }> {
  const pending = openSignUpLink(token, now);
  if (!pending) throw new AppError('validation', SIGN_UP_LINK_INVALID);
  const created = await createWorkspace(
    { email: pending.email, name: pending.name, passwordHash: pending.passwordHash },
    pending.workspaceName,
    () => new AppError('conflict', SIGN_UP_LINK_INVALID),
  );
  return { ...created, email: pending.email };
}
