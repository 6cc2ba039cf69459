import type { Metadata } from 'next';
import Link from 'next/link';
import { withSystem, withTenant } from '@/db/tenancy';
import { listUserTenants } from '@/lib/auth/list-user-tenants';
import { requireUser } from '@/lib/auth/require-user';
import { getNotificationSettings } from '@/lib/notifications/notification-settings';
import { signOutEverywhereAction } from './actions';
import { SubmitButton } from '@/app/_components/submit-button';
import { ChangePasswordForm } from './change-password-form';
import { NotificationsForm, ProfileNameForm } from './profile-forms';

export const metadata: Metadata = { title: 'Your account' };

export default async function AccountPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requireUser();
  const { changed } = await searchParams;
  const workspaces = await withSystem((tx) => listUserTenants(tx, { userId: user.id }));
  const notifications = await Promise.all(
    workspaces.map(async (w) => ({
      ...w,
      ...(await withTenant(w.id, (tx) => getNotificationSettings(tx, { userId: user.id }))),
    })),
  );
  return (
    <main className="mx-auto max-w-md px-4 py-12">
      <Link href="/" className="text-sm text-indigo-700 hover:underline">
        ← Back to your workspace
      </Link>
      <h1 className="mt-4 text-xl font-semibold">Your account</h1>
      <p className="mt-1 text-sm text-slate-600">Signed in as {user.email}.</p>
      {changed === '1' ? (
        <p
          role="status"
          className="mt-4 rounded-md border border-green-200 bg-green-50 px-3 py-2 text-sm text-green-800"
        >
          Your password was changed. Every other browser was signed out.
        </p>
      ) : null}
      <section className="mt-8 rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        <h2 className="mb-4 font-semibold">Profile</h2>
        <ProfileNameForm name={user.name} />
      </section>
      {notifications.length ? (
        <section className="mt-6 space-y-5 rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
          <div>
            <h2 className="font-semibold">Notification emails</h2>
            <p className="mt-1 text-sm text-slate-600">
              Sent to {user.email}; never for imported history or for changes you make yourself.
            </p>
          </div>
          {notifications.map((n) => (
            <NotificationsForm
              key={n.id}
              slug={n.slug}
              workspace={n.name}
              notifyOnAssign={n.notifyOnAssign}
              notifyOnReply={n.notifyOnReply}
            />
          ))}
        </section>
      ) : null}
      <section className="mt-6 rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        <h2 className="mb-4 font-semibold">Change password</h2>
        <ChangePasswordForm />
      </section>
      <section className="mt-6 rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        <h2 className="font-semibold">Sessions</h2>
        <p className="mt-1 text-sm text-slate-600">
          Signs out every browser and device signed in to your account, this one included.
        </p>
        <form action={signOutEverywhereAction} className="mt-4">
          <SubmitButton variant="secondary" pendingText="Signing out…">
            Sign out everywhere
          </SubmitButton>
        </form>
      </section>
    </main>
  );
}
