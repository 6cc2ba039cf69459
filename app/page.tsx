import { redirect } from 'next/navigation';
import { withSystem } from '@/db/tenancy';
import { listUserTenants } from '@/lib/auth/list-user-tenants';
import { getSessionUser } from '@/lib/auth/require-user';
import { SignOutForm } from './(auth)/sign-out-form';

// Signed out: sign up. Signed in: the first workspace (or a way out when there is none).
export default async function Home() {
  const user = await getSessionUser();
  if (!user) redirect('/sign-up');
  const tenants = await withSystem((tx) => listUserTenants(tx, { userId: user.id }));
  if (tenants[0]) redirect(`/t/${tenants[0].slug}`);
  return (
    <main className="mx-auto max-w-md px-4 py-24 text-center">
      <h1 className="text-xl font-semibold">You are not in any workspace</h1>
      <p className="mt-2 text-sm text-slate-600">
        Signed in as {user.email}. Ask a workspace owner or admin for an invitation link, or sign out and create a new
        workspace.
      </p>
      <SignOutForm look="button" className="mt-6" />
    </main>
  );
}
