'use client';
import { useActionState } from 'react';
import { AccountForm } from '@/app/_components/account-form';
import { EmailField, Field, NameField, NewPasswordField } from '@/app/_components/field';
import { SubmitButton } from '@/app/_components/submit-button';
import { signUpAction } from '../actions';
import { fieldErrorsOf } from '@/app/_components/field-errors';

export function SignUpForm() {
  const [state, action] = useActionState(signUpAction, null);
  const errors = fieldErrorsOf(state);
  const values = state?.values ?? {};
  const checkEmail = state?.ok && state.data && 'checkEmail' in state.data ? state.data.checkEmail : null;
  // The same page whether or not the address has an account (request-sign-up.ts).
  if (checkEmail) {
    return (
      <div role="status" className="space-y-2 rounded-md border border-slate-200 bg-slate-50 p-4 text-sm">
        <p className="font-medium">Check your email to finish.</p>
        <p>
          We sent a message to <strong>{checkEmail}</strong>. Open the link in it to create your workspace; it works for
          24 hours. If nothing arrives within a few minutes, look in your spam folder.
        </p>
      </div>
    );
  }
  return (
    <AccountForm action={action} state={state}>
      <NameField
        defaultValue={values.name}
        hint="Shown to your teammates instead of your address."
        error={errors.name}
      />
      <EmailField defaultValue={values.email} error={errors.email} />
      <NewPasswordField minLength={10} error={errors.password} />
      <Field
        label="Workspace name"
        name="workspaceName"
        autoComplete="organization"
        required
        defaultValue={values.workspaceName}
        hint="Your team or company; you can invite others later."
        error={errors.workspaceName}
      />
      <SubmitButton pendingText="Creating…">Create workspace</SubmitButton>
    </AccountForm>
  );
}
