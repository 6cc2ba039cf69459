// Email + password check for sign-in; runs under the system role (the tenant is not known yet).
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { users } from '@/db/schema';
import { withSystem } from '@/db/tenancy';
import { hashPassword, verifyPassword } from './password';

export const credentialsSchema = z.object({
  email: z.string().trim().toLowerCase().min(3).max(320),
  password: z.string().min(1).max(200),
});

export type AuthenticatedUser = { id: string; email: string; name: string | null };

// Verifying against a throwaway hash when the email is unknown keeps the timing of both answers alike.
let decoyHash: Promise<string> | undefined;

/** Returns the user when email and password match, otherwise null (never says which one was wrong). */
export async function authenticateUser(credentials: unknown): Promise<AuthenticatedUser | null> {
  const parsed = credentialsSchema.safeParse(credentials);
  if (!parsed.success) return null;
  const { email, password } = parsed.data;
  const [user] = await withSystem((tx) =>
    tx
      .select({ id: users.id, email: users.email, name: users.name, passwordHash: users.passwordHash })
      .from(users)
      .where(sql`lower(${users.email}) = ${email}`),
  );
  if (!user) {
    decoyHash ??= hashPassword('decoy-password-never-matches');
    await verifyPassword(await decoyHash, password);
    return null;
  }
  if (!(await verifyPassword(user.passwordHash, password))) return null;
  return { id: user.id, email: user.email, name: user.name };
}
