import type { Metadata } from 'next';
import { ResetPasswordForm } from './reset-password-form';

export const metadata: Metadata = { title: 'Choose a new password', referrer: 'no-referrer' };

// The token is checked when the form is sent (single use, one conditional UPDATE), not on display.
export default async function ResetPasswordPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  return (
    <>
      <h1 className="mb-2 text-xl font-semibold">Choose a new password</h1>
      <p className="mb-6 text-sm text-slate-600">Every browser signed in to your account is signed out.</p>
      <ResetPasswordForm token={token} />
    </>
  );
}
