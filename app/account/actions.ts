'use server';
// Account actions: the name teammates see, notification emails per workspace, change the password (every
// other session ends), sign out everywhere.
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { withSystem } from '@/db/tenancy';
import { changePassword, changePasswordInput } from '@/lib/auth/change-password';
import { signIn, signOut } from '@/lib/auth/config';
import { defineAction } from '@/lib/auth/define-action';
import { requireUser } from '@/lib/auth/require-user';
import { updateProfileName, profileNameInput } from '@/lib/auth/update-profile-name';
import { revokeAllSessions } from '@/lib/auth/user-sessions';
import { setNotificationSettings } from '@/lib/notifications/notification-settings';
import { checkboxInput } from '@/lib/boolean-text';

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

export const updateNameAction = defineAction({ auth: 'user', schema: profileNameInput }, async (input, { user }) => {
  const result = await withSystem((tx) => updateProfileName(tx, { userId: user.id, input }));
  revalidatePath('/account');
  return result;
});

// One workspace's notification emails for the signed-in agent (the slug's membership is checked).
export const saveNotificationsAction = defineAction(
  {
    auth: 'tenant',
    schema: z.object({ notifyOnAssign: checkboxInput, notifyOnReply: checkboxInput }),
  },
  async (input, { tx, tenant, user }) =>
    setNotificationSettings(tx, {
      tenantId: tenant.id,
      userId: user.id,
      input: { notifyOnAssign: input.notifyOnAssign, notifyOnReply: input.notifyOnReply },
    }),
);
