// Changing one's password: the current one first, then every session ends (a copied cookie included);
// the caller signs the person in again with the new password.
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { users } from '@/db/schema';
import { withSystem } from '@/db/tenancy';
import { AppError } from '@/lib/errors';
import { hashPassword, passwordSchema, verifyPassword } from './password';
import { revokeAllSessions } from './user-sessions';

export const changePasswordInput = z.object({
  currentPassword: z.string().min(1, 'Enter your current password.').max(200),
  newPassword: passwordSchema,
});

export async function changePassword(
  userId: string,
  input: z.input<typeof changePasswordInput>,
): Promise<{ email: string }> {
  const { currentPassword, newPassword } = changePasswordInput.parse(input);
  const [user] = await withSystem((tx) =>
    tx.select({ email: users.email, passwordHash: users.passwordHash }).from(users).where(eq(users.id, userId)),
  );
  if (!user || !(await verifyPassword(user.passwordHash, currentPassword)))
    throw new AppError('validation', 'The current password is not right.', { field: 'currentPassword' });
  const passwordHash = await hashPassword(newPassword);
  await withSystem(async (tx) => {
    await tx.update(users).set({ passwordHash }).where(eq(users.id, userId));
    await revokeAllSessions(tx, userId);
  });
  return { email: user.email };
}
