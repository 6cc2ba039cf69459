'use client';
import { useActionState } from 'react';
import { AccountForm } from '@/app/_components/account-form';
import { EmailField, NameField, NewPasswordField } from '@/app/_components/field';
import { FormError } from '@/app/_components/form-message';
import { SubmitButton } from '@/app/_components/submit-button';
import { acceptAsNewUserAction, acceptAsUserAction } from './actions';
import { fieldErrorsOf } from '@/app/_components/field-errors';

export function AcceptAsUserForm({ token }: { token: string }) {
  const [state, action] = useActionState(acceptAsUserAction, null);
  return (
    <form action={action} className="space-y-3">
      <input type="hidden" name="token" value={token} />
      <FormError message={state && !state.ok ? state.error : null} />
      <SubmitButton pendingText="Joining…">Accept invitation</SubmitButton>
    </form>
  );
}

export function AcceptAsNewUserForm({ token }: { token: string }) {
  const [state, action] = useActionState(acceptAsNewUserAction, null);
  const errors = fieldErrorsOf(state);
  const values = state?.values ?? {};
  return (
    <AccountForm action={action} state={state}>
      <input type="hidden" name="token" value={token} />
      <NameField label="Your name (optional)" defaultValue={values.name} error={errors.name} />
      <EmailField defaultValue={values.email} error={errors.email} />
      <NewPasswordField minLength={10} error={errors.password} />
      <SubmitButton pendingText="Creating account…">Create account and join</SubmitButton>
    </AccountForm>
  );
}
