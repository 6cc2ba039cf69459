import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { getSessionUser } from '@/lib/auth/require-user';
import { safeRedirectPath } from '@/lib/auth/safe-redirect-path';
import { SignInForm } from './sign-in-form';

export const metadata: Metadata = { title: 'Sign in' };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { next } = await searchParams;
  const nextPath = safeRedirectPath(next) ?? undefined;
  if (await getSessionUser()) redirect(nextPath ?? '/');
  return (
    <>
      <h1 className="mb-6 text-xl font-semibold">Sign in</h1>
      <SignInForm next={nextPath} />
      <p className="mt-6 text-sm text-slate-600">
        New here?{' '}
        <Link href="/sign-up" className="font-medium text-indigo-700 underline-offset-2 hover:underline">
          Create a workspace
        </Link>
      </p>
    </>
  );
}
