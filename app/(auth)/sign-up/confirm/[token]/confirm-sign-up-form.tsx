'use client';
import { useActionState } from 'react';
import { FormError } from '@/app/_components/form-message';
import { SubmitButton } from '@/app/_components/submit-button';
import { confirmSignUpAction } from '../../../actions';

export function ConfirmSignUpForm({ token }: { token: string }) {
  const [state, action] = useActionState(confirmSignUpAction, null);
  return (
    <form action={action} className="space-y-4">
      <FormError message={state && !state.ok ? state.error : null} />
      <input type="hidden" name="token" value={token} />
      <SubmitButton pendingText="Creating…">Create workspace</SubmitButton>
    </form>
  );
}
