'use client';
import { useActionState } from 'react';
import { AccountForm } from '@/app/_components/account-form';
import { EmailField } from '@/app/_components/field';
import { SubmitButton } from '@/app/_components/submit-button';
import { requestPasswordResetAction } from '../actions';
import { fieldErrorsOf } from '@/app/_components/field-errors';

export function ForgotPasswordForm() {
  const [state, action] = useActionState(requestPasswordResetAction, null);
  const errors = fieldErrorsOf(state);
  if (state?.ok)
    return (
      <p role="status" className="rounded-md border border-green-200 bg-green-50 px-3 py-2 text-sm text-green-800">
        If an account exists for {state.values?.email ?? 'that address'}, we sent it a link to choose a new password.
        The link works once, for one hour.
      </p>
    );
  return (
    <AccountForm action={action} state={state}>
      <EmailField defaultValue={state?.values?.email} error={errors.email} />
      <SubmitButton pendingText="Sending…">Send reset link</SubmitButton>
    </AccountForm>
  );
}
