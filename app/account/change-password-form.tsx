'use client';
import { useActionState } from 'react';
import { AccountForm } from '@/app/_components/account-form';
import { Field, NewPasswordField } from '@/app/_components/field';
import { SubmitButton } from '@/app/_components/submit-button';
import { changePasswordAction } from './actions';
import { fieldErrorsOf } from '@/app/_components/field-errors';

export function ChangePasswordForm() {
  const [state, action] = useActionState(changePasswordAction, null);
  const errors = fieldErrorsOf(state);
  return (
    <AccountForm action={action} state={state}>
      <Field
        label="Current password"
        name="currentPassword"
        type="password"
        autoComplete="current-password"
        required
        error={errors.currentPassword}
      />
      <NewPasswordField
        label="New password"
        name="newPassword"
        hint="At least 12 characters, not easy to guess. Other browsers are signed out."
        error={errors.newPassword}
      />
      <SubmitButton pendingText="Saving…">Change password</SubmitButton>
    </AccountForm>
  );
}
