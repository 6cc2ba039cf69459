import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound, redirect } from 'next/navigation';
import { withSystem } from '@/db/tenancy';
import { findMembership } from '@/lib/auth/find-membership';
import { getSessionUser } from '@/lib/auth/require-user';
import { findInvitation } from '@/lib/members/find-invitation';
import { SignOutForm } from '@/app/(auth)/sign-out-form';
import { AcceptAsNewUserForm, AcceptAsUserForm } from './accept-forms';

export const metadata: Metadata = { title: 'Invitation' };

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const invitation = await findInvitation(token);
  const user = await getSessionUser();
  if (invitation && user) {
    // Someone already in the workspace (e.g. reopening their own used link) just goes there.
    const member = await withSystem((tx) => findMembership(tx, { userId: user.id, slug: invitation.tenant.slug }));
    if (member) redirect(`/t/${invitation.tenant.slug}`);
  }
  // Unknown, used and expired links all get the same 404 page (invite/[token]/not-found.tsx).
  if (!invitation || invitation.status !== 'pending') notFound();

  return (
    <main className="flex min-h-screen flex-col items-center justify-center px-4 py-12">
      <p className="mb-8 text-2xl font-semibold tracking-tight text-indigo-700">Caseflow</p>
      <div className="w-full max-w-sm rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        <h1 className="text-xl font-semibold">Join {invitation.tenant.name}</h1>
        <p className="mt-1 text-sm text-slate-600">
          You have been invited as {invitation.role === 'agent' ? 'an agent' : `an ${invitation.role}`}.
        </p>
        {user ? (
          <div className="mt-6 space-y-4">
            <p className="text-sm text-slate-700">Signed in as {user.email}.</p>
            <AcceptAsUserForm token={token} />
            <SignOutForm look="link">Not you? Sign out</SignOutForm>
          </div>
        ) : (
          <div className="mt-6 space-y-4">
            <AcceptAsNewUserForm token={token} />
            <p className="text-sm text-slate-600">
              Already have an account?{' '}
              <Link
                href={`/sign-in?next=${encodeURIComponent(`/invite/${token}`)}`}
                className="font-medium text-indigo-700 hover:underline"
              >
                Sign in to accept
              </Link>
            </p>
          </div>
        )}
      </div>
    </main>
  );
}
