// Sets a new password from a reset link: single use (one conditional UPDATE), ends every session and
// forgets the account's failed sign-ins, so the owner is back in even after an attack on the password.
import { and, eq, gt, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { passwordResetTokens, users } from '@/db/schema';
import { withSystem } from '@/db/tenancy';
import { AppError } from '@/lib/errors';
import { hashPassword, passwordSchema } from './password';
import { hashResetToken, looksLikeResetToken } from './password-reset-token';
import { clearAccountThrottle } from './sign-in-throttle';
import { revokeAllSessions } from './user-sessions';

export const resetPasswordInput = z.object({ token: z.string(), password: passwordSchema });

const spent = () =>
  new AppError('conflict', 'This reset link has expired or was already used. Ask for a new one.', { field: 'token' });

/** Returns the account's email (to sign in with). Throws AppError conflict | ZodError for a weak password. */
export async function resetPassword(
  input: z.input<typeof resetPasswordInput>,
  { now = new Date() }: { now?: Date } = {},
): Promise<{ email: string }> {
  const { token, password } = resetPasswordInput.parse(input);
  if (!looksLikeResetToken(token)) throw spent();
  const passwordHash = await hashPassword(password);
  return withSystem(async (tx) => {
    const [used] = await tx
      .update(passwordResetTokens)
      .set({ usedAt: now })
      .where(
        and(
          eq(passwordResetTokens.tokenHash, hashResetToken(token)),
          isNull(passwordResetTokens.usedAt),
          gt(passwordResetTokens.expiresAt, now),
        ),
      )
      .returning({ userId: passwordResetTokens.userId });
    if (!used) throw spent();
    const [user] = await tx
      .update(users)
      .set({ passwordHash })
      .where(eq(users.id, used.userId))
      .returning({ email: users.email });
    // Older links for the same account stop working too.
    await tx
      .update(passwordResetTokens)
      .set({ usedAt: now })
      .where(and(eq(passwordResetTokens.userId, used.userId), isNull(passwordResetTokens.usedAt)));
    await revokeAllSessions(tx, used.userId, now);
    await clearAccountThrottle(tx, user.email);
    return { email: user.email };
  });
}
