'use client';
import { useActionState } from 'react';
import { AccountForm } from '@/app/_components/account-form';
import { EmailField, Field } from '@/app/_components/field';
import { SubmitButton } from '@/app/_components/submit-button';
import { signInAction } from '../actions';
import { fieldErrorsOf } from '@/app/_components/field-errors';

export function SignInForm({ next, initialError }: { next?: string; initialError?: string | null }) {
  const [state, action] = useActionState(signInAction, null);
  const errors = fieldErrorsOf(state);
  return (
    <AccountForm action={action} state={state} initialError={initialError}>
      {next ? <input type="hidden" name="next" value={next} /> : null}
      <EmailField defaultValue={state?.values?.email} error={errors.email} />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="current-password"
        required
        error={errors.password}
      />
      <SubmitButton pendingText="Signing in…">Sign in</SubmitButton>
    </AccountForm>
  );
}
