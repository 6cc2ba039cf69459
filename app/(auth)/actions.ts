'use server';
// Sign up, sign in, sign out, password reset: thin actions over lib/auth.
import { AuthError, CredentialsSignin } from 'next-auth';
import { cookies, headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { appOrigin } from '@/app/_lib/app-origin';
import { auth, signIn, signOut } from '@/lib/auth/config';
import { defineAction } from '@/lib/auth/define-action';
import { requestPasswordReset, requestPasswordResetInput } from '@/lib/auth/request-password-reset';
import { resetPassword, resetPasswordInput } from '@/lib/auth/reset-password';
import { requestClientAddress } from '@/lib/auth/client-address';
import { safeRedirectPath } from '@/lib/auth/safe-redirect-path';
import { retryAfterFromCode } from '@/lib/auth/sign-in-refusal';
import { signUp, signUpInput } from '@/lib/auth/sign-up';
import { requestSignUp } from '@/lib/auth/request-sign-up';
import { confirmSignUp } from '@/lib/auth/confirm-sign-up';
import { env } from '@/lib/env';
import { revokeSession } from '@/lib/auth/user-sessions';
import { withSystem } from '@/db/tenancy';
import { AppError } from '@/lib/errors';
import { endLiveSession } from '@/lib/live/end-live-session';
import { sessionKeyFromCookieHeader } from '@/lib/live/session-key';
import { retryMessage } from '@/lib/auth/sign-in-throttle';

export const signUpAction = defineAction({ auth: 'public', schema: signUpInput }, async (input) => {
  const origin = await appOrigin();
  const clientAddress = requestClientAddress(await headers());
  // With system mail, the same answer for every address: the link or the note comes by mail (request-sign-up.ts).
  if (env.SMTP_URL) return { checkEmail: (await requestSignUp(input, { origin, clientAddress })).email };
  const created = await signUp(input, { origin, clientAddress });
  await signIn('credentials', { email: input.email, password: input.password, redirect: false });
  redirect(`/t/${created.slug}`);
});

export const confirmSignUpAction = defineAction(
  { auth: 'public', schema: z.object({ token: z.string().max(4096) }) },
  async ({ token }) => {
    await confirmSignUp(token);
    redirect('/sign-in?created=1');
  },
);

const signInInput = z.object({
  email: z.string().trim().min(1, 'Enter your email address.'),
  password: z.string().min(1, 'Enter your password.'),
  next: z.string().optional(),
});

export const signInAction = defineAction({ auth: 'public', schema: signInInput }, async (input) => {
  try {
    await signIn('credentials', { email: input.email, password: input.password, redirect: false });
  } catch (err) {
    const wait = err instanceof CredentialsSignin ? retryAfterFromCode(err.code) : null;
    if (wait) throw new AppError('rate_limited', retryMessage(wait));
    if (err instanceof AuthError) throw new AppError('unauthenticated', 'Wrong email or password.');
    throw err;
  }
  redirect(safeRedirectPath(input.next) ?? '/');
});

/** Ends this browser's session for good: a copy of its cookie stops working too. */
export async function signOutAction(): Promise<void> {
  // This browser's open live streams close now, on every instance (not at their next reconnect).
  const jar = await cookies();
  const key = sessionKeyFromCookieHeader(
    jar
      .getAll()
      .map((c) => `${c.name}=${c.value}`)
      .join('; '),
  );
  await endLiveSession(key).catch(() => {});
  const session = await auth();
  if (session?.sid) await withSystem((tx) => revokeSession(tx, session.sid!));
  await signOut({ redirectTo: '/sign-in' });
}

export const requestPasswordResetAction = defineAction(
  { auth: 'public', schema: requestPasswordResetInput },
  async (input) => {
    await requestPasswordReset(input, {
      origin: await appOrigin(),
      clientAddress: requestClientAddress(await headers()),
    });
    return { sent: true };
  },
);

export const resetPasswordAction = defineAction({ auth: 'public', schema: resetPasswordInput }, async (input) => {
  await resetPassword(input);
  redirect('/sign-in?reset=done');
});
