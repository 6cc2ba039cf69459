'use client';
import Link from 'next/link';
import { useActionState } from 'react';
import { NewPasswordField } from '@/app/_components/field';
import { FormError } from '@/app/_components/form-message';
import { SubmitButton } from '@/app/_components/submit-button';
import { resetPasswordAction } from '../../actions';
import { fieldErrorsOf } from '@/app/_components/field-errors';

export function ResetPasswordForm({ token }: { token: string }) {
  const [state, action] = useActionState(resetPasswordAction, null);
  const errors = fieldErrorsOf(state);
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormError message={state && !state.ok && !errors.password ? state.error : null} />
      {errors.token ? (
        <p className="text-sm">
          <Link href="/forgot-password" className="font-medium text-indigo-700 hover:underline">
            Ask for a new link
          </Link>
        </p>
      ) : null}
      <input type="hidden" name="token" value={token} />
      <NewPasswordField label="New password" error={errors.password} />
      <SubmitButton pendingText="Saving…">Set new password</SubmitButton>
    </form>
  );
}
