import type { Metadata } from 'next';
import Link from 'next/link';
import { describeSignUpLink, SIGN_UP_LINK_INVALID } from '@/lib/auth/confirm-sign-up';
import { ConfirmSignUpForm } from './confirm-sign-up-form';

export const metadata: Metadata = { title: 'Confirm your sign-up', referrer: 'no-referrer' };

// Opening the link changes nothing (mail scanners open links too): the workspace is made when the person
// presses the button.
export default async function ConfirmSignUpPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const pending = await describeSignUpLink(token);
  if (!pending) {
    return (
      <>
        <h1 className="mb-2 text-xl font-semibold">Confirm your sign-up</h1>
        <p role="alert" className="mb-4 text-sm text-red-800">
          {SIGN_UP_LINK_INVALID}
        </p>
        <p className="text-sm">
          <Link href="/sign-up" className="font-medium text-indigo-700 hover:underline">
            Sign up again
          </Link>
        </p>
      </>
    );
  }
  return (
    <>
      <h1 className="mb-2 text-xl font-semibold">Confirm your sign-up</h1>
      <p className="mb-6 text-sm text-slate-600">
        Create the workspace <strong>{pending.workspaceName}</strong> for <strong>{pending.email}</strong>.
      </p>
      <ConfirmSignUpForm token={token} />
    </>
  );
}
