'use client';
import { useActionState } from 'react';
import { EmailField, Field, NewPasswordField } from '@/app/_components/field';
import { FormError } from '@/app/_components/form-message';
import { SubmitButton } from '@/app/_components/submit-button';
import { signUpAction } from '../actions';

export function SignUpForm() {
  const [state, action] = useActionState(signUpAction, null);
  const errors = state && !state.ok ? state.fieldErrors : {};
  const values = state?.values ?? {};
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormError message={state && !state.ok && Object.keys(errors).length === 0 ? state.error : null} />
      <Field
        label="Your name"
        name="name"
        autoComplete="name"
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
    </form>
  );
}
