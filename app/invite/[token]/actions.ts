'use server';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { signIn } from '@/lib/auth/config';
import { defineAction } from '@/lib/auth/define-action';
import { acceptInvitation, newAccountSchema } from '@/lib/members/accept-invitation';

const tokenSchema = z.string().min(1).max(100);

export const acceptAsUserAction = defineAction(
  { auth: 'user', schema: z.object({ token: tokenSchema }) },
  async (input, { user }) => {
    const accepted = await acceptInvitation({ token: input.token, user: { userId: user.id } });
    redirect(`/t/${accepted.slug}`);
  },
);

export const acceptAsNewUserAction = defineAction(
  { auth: 'public', schema: newAccountSchema.extend({ token: tokenSchema }) },
  async ({ token, ...account }) => {
    const accepted = await acceptInvitation({ token, user: account });
    await signIn('credentials', { email: account.email, password: account.password, redirect: false });
    redirect(`/t/${accepted.slug}`);
  },
);
