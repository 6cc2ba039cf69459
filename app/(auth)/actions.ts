'use server';
// Sign up, sign in, sign out: thin actions over lib/auth.
import { AuthError } from 'next-auth';
import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { signIn, signOut } from '@/lib/auth/config';
import { defineAction } from '@/lib/auth/define-action';
import { safeRedirectPath } from '@/lib/auth/safe-redirect-path';
import { signUp, signUpInput } from '@/lib/auth/sign-up';
import { AppError } from '@/lib/errors';
import { endLiveSession } from '@/lib/live/end-live-session';
import { sessionKeyFromCookieHeader } from '@/lib/live/session-key';

export const signUpAction = defineAction({ auth: 'public', schema: signUpInput }, async (input) => {
  const created = await signUp(input);
  await signIn('credentials', { email: input.email, password: input.password, redirect: false });
  redirect(`/t/${created.slug}`);
});

const signInInput = z.object({
  email: z.string().trim().min(1, 'Enter your email address.'),
  password: z.string().min(1, 'Enter your password.'),
  next: z.string().optional(),
});

export const signInAction = defineAction({ auth: 'public', schema: signInInput }, async (input) => {
  try {
    await signIn('credentials', { email: input.email, password: input.password, redirect: false });
  } catch (err) {
    if (err instanceof AuthError) throw new AppError('unauthenticated', 'Wrong email or password.');
    throw err;
  }
  redirect(safeRedirectPath(input.next) ?? '/');
});

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
  await signOut({ redirectTo: '/sign-in' });
}
