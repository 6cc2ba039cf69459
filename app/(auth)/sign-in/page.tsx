import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { getSessionUser } from '@/lib/auth/require-user';
import { safeRedirectPath } from '@/lib/auth/safe-redirect-path';
import { retryAfterFromCode } from '@/lib/auth/sign-in-refusal';
import { retryMessage } from '@/lib/auth/sign-in-throttle';
import { SignInForm } from './sign-in-form';

export const metadata: Metadata = { title: 'Sign in' };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { next, error, code, reset, changed, created } = await searchParams;
  const nextPath = safeRedirectPath(next) ?? undefined;
  if (await getSessionUser()) redirect(nextPath ?? '/');
  // After next-auth's own form post (no JavaScript) the refusal comes back in the query.
  const wait = error === 'CredentialsSignin' ? retryAfterFromCode(code) : null;
  const notice =
    reset === 'done'
      ? 'Your password was changed and every session was signed out. Sign in with the new password.'
      : changed === '1'
        ? 'Your password was changed. Sign in with the new password.'
        : created === '1'
          ? 'Your workspace is ready. Sign in with the address and password you signed up with.'
          : null;
  return (
    <>
      <h1 className="mb-6 text-xl font-semibold">Sign in</h1>
      {notice ? (
        <p
          role="status"
          className="mb-4 rounded-md border border-green-200 bg-green-50 px-3 py-2 text-sm text-green-800"
        >
          {notice}
        </p>
      ) : null}
      <SignInForm
        next={nextPath}
        initialError={wait ? retryMessage(wait) : error === 'CredentialsSignin' ? 'Wrong email or password.' : null}
      />
      <p className="mt-4 text-sm">
        <Link href="/forgot-password" className="font-medium text-indigo-700 underline-offset-2 hover:underline">
          Forgot your password?
        </Link>
      </p>
      <p className="mt-6 text-sm text-slate-600">
        New here?{' '}
        <Link href="/sign-up" className="font-medium text-indigo-700 underline-offset-2 hover:underline">
          Create a workspace
        </Link>
      </p>
    </>
  );
}
