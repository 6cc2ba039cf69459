// The frame of the account forms (sign in, sign up, password reset and change, joining by invitation):
// the browser's own validation is off so the server's messages show, and the form-level error sits on top
// unless a field already shows it under itself.
import type { ReactNode } from 'react';
import type { ActionState } from '@/lib/auth/define-action';
import { FormError } from './form-message';

export function AccountForm<T>({
  action,
  state,
  initialError,
  children,
}: {
  action: (formData: FormData) => void;
  state: ActionState<T>;
  /** Shown before the form was first sent (a reason passed in the URL). */
  initialError?: string | null;
  children: ReactNode;
}) {
  const formLevel = state && !state.ok && Object.keys(state.fieldErrors).length === 0 ? state.error : null;
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormError message={state ? formLevel : initialError} />
      {children}
    </form>
  );
}
