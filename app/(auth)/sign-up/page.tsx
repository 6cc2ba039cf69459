import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { getSessionUser } from '@/lib/auth/require-user';
import { SignUpForm } from './sign-up-form';

export const metadata: Metadata = { title: 'Sign up' };

export default async function SignUpPage() {
  if (await getSessionUser()) redirect('/');
  return (
    <>
      <h1 className="mb-1 text-xl font-semibold">Create your workspace</h1>
      <p className="mb-6 text-sm text-slate-600">Turn your support mailboxes into cases.</p>
      <SignUpForm />
      <p className="mt-6 text-sm text-slate-600">
        Already have an account?{' '}
        <Link href="/sign-in" className="font-medium text-indigo-700 underline-offset-2 hover:underline">
          Sign in
        </Link>
      </p>
    </>
  );
}
