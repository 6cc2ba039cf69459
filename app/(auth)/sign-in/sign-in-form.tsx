'use client';
import { useActionState } from 'react';
import { EmailField, Field } from '@/app/_components/field';
import { FormError } from '@/app/_components/form-message';
import { SubmitButton } from '@/app/_components/submit-button';
import { signInAction } from '../actions';

export function SignInForm({ next, initialError }: { next?: string; initialError?: string | null }) {
  const [state, action] = useActionState(signInAction, null);
  const errors = state && !state.ok ? state.fieldErrors : {};
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormError
        message={state ? (!state.ok && Object.keys(errors).length === 0 ? state.error : null) : initialError}
      />
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
    </form>
  );
}
