'use server';
// Account actions: change the password (every other session ends), sign out everywhere.
import { redirect } from 'next/navigation';
import { withSystem } from '@/db/tenancy';
import { changePassword, changePasswordInput } from '@/lib/auth/change-password';
import { signIn, signOut } from '@/lib/auth/config';
import { defineAction } from '@/lib/auth/define-action';
import { requireUser } from '@/lib/auth/require-user';
import { revokeAllSessions } from '@/lib/auth/user-sessions';

export const changePasswordAction = defineAction(
  { auth: 'user', schema: changePasswordInput },
  async (input, { user }) => {
    const { email } = await changePassword(user.id, input);
    // Every session ended, this one too: sign this browser in again with the new password.
    await signIn('credentials', { email, password: input.newPassword, redirect: false }).catch(() =>
      redirect('/sign-in?changed=1'),
    );
    redirect('/account?changed=1');
  },
);

export async function signOutEverywhereAction(): Promise<void> {
  const user = await requireUser();
  await withSystem((tx) => revokeAllSessions(tx, user.id));
  await signOut({ redirectTo: '/sign-in' });
}
