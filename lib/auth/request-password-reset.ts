// "Forgot password": mails a reset link when the address has an account. The answer is the same either
// way and does not wait for the mail, so it tells nobody whether an account exists.
import { and, desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { passwordResetTokens, users } from '@/db/schema';
import { withSystem } from '@/db/tenancy';
import { sendSystemMailLater } from '@/lib/mail/send/send-system-mail';
import { takeAddressTry } from './address-throttle';
import type { MailingFormOptions } from './mailing-form-options';
import { hashResetToken, newResetToken, RESET_TTL_MS } from './password-reset-token';

export const requestPasswordResetInput = z.object({
  email: z.string().trim().toLowerCase().min(3, 'Enter your email address.').max(320, 'That address is too long.'),
});

/** At most one link per account per minute: the form cannot be used to flood someone's inbox. */
const RESEND_AFTER_MS = 60_000;

export async function requestPasswordReset(
  input: z.input<typeof requestPasswordResetInput>,
  { origin, now = new Date(), send = sendSystemMailLater, clientAddress = null }: MailingFormOptions,
): Promise<void> {
  const { email } = requestPasswordResetInput.parse(input);
  // Per client address too (lib/auth/address-throttle.ts): one address cannot walk a list of accounts.
  await takeAddressTry('password-reset', clientAddress, now);
  const token = newResetToken();
  const created = await withSystem(async (tx) => {
    const [user] = await tx
      .select({ id: users.id, email: users.email })
      .from(users)
      .where(sql`lower(${users.email}) = ${email}`);
    if (!user) return null;
    const [last] = await tx
      .select({ createdAt: passwordResetTokens.createdAt })
      .from(passwordResetTokens)
      .where(and(eq(passwordResetTokens.userId, user.id)))
      .orderBy(desc(passwordResetTokens.createdAt))
      .limit(1);
    if (last && now.getTime() - last.createdAt.getTime() < RESEND_AFTER_MS) return null;
    await tx.insert(passwordResetTokens).values({
      userId: user.id,
      tokenHash: hashResetToken(token),
      expiresAt: new Date(now.getTime() + RESET_TTL_MS),
      createdAt: now,
    });
    return user;
  });
  if (!created) return;
  const link = `${origin.replace(/\/+$/, '')}/reset-password/${token}`;
  send({
    to: created.email,
    subject: 'Reset your Caseflow password',
    text: [
      'Someone (hopefully you) asked to reset the password of your Caseflow account.',
      '',
      `Choose a new password here (the link works once, for one hour):`,
      link,
      '',
      'If it was not you, ignore this message: your password stays as it is.',
    ].join('\n'),
  });
}
