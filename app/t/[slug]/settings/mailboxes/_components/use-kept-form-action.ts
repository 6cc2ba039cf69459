'use client';
// A form sent by hand, not through its `action` prop: React resets a form after its action, which cleared
// every field after a server-side error (and left the OAuth provider select on Google while the scope and
// URLs stayed Microsoft's). Sent this way, the fields keep exactly what the owner entered.
import { useActionState, useTransition } from 'react';
import type { Action } from '@/lib/auth/define-action';
import { fieldErrorsOf } from '@/app/_components/field-errors';

export function useKeptFormAction<T>(serverAction: Action<T>) {
  const [state, action] = useActionState(serverAction, null);
  const [pending, startSubmit] = useTransition();
  const onSubmit = (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    startSubmit(() => action(data));
  };
  const fieldErrors: Record<string, string> = fieldErrorsOf(state);
  return { state, pending, onSubmit, fieldErrors };
}
