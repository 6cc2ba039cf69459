'use client';
// One button that sends one server action about one thing (revoke a key, remove a member, replay a
// delivery): the ids travel as hidden fields, a failure shows beside the button, and `success` (if given)
// says what happened. Usage:
//   <ActionButtonForm action={revokeApiKeyAction} fields={{ slug, apiKeyId }} about={name} pendingText="Revoking…">
//     Revoke
//   </ActionButtonForm>
import { useActionState, type ReactNode } from 'react';
import type { Action } from '@/lib/auth/define-action';
import { InlineError } from './form-message';
import { HiddenFields } from './hidden-fields';
import { SubmitButton } from './submit-button';

export function ActionButtonForm<T>({
  action,
  fields,
  children,
  about,
  pendingText,
  variant = 'danger',
  confirm,
  success,
}: {
  action: Action<T>;
  fields: Record<string, string>;
  /** The button's visible text. */
  children: ReactNode;
  /** What the button acts on, read by screen readers after the text ("Revoke CRM sync"). */
  about?: string;
  pendingText: string;
  variant?: 'primary' | 'danger' | 'secondary';
  /** Asked with window.confirm first; the action is not sent unless confirmed. */
  confirm?: string;
  success?: (data: T) => ReactNode;
}) {
  const [state, formAction] = useActionState(action, null);
  return (
    <form
      action={formAction}
      className="inline-flex items-center gap-2"
      onSubmit={(e) => {
        if (confirm && !window.confirm(confirm)) e.preventDefault();
      }}
    >
      <HiddenFields values={fields} />
      <InlineError message={state && !state.ok ? state.error : null} />
      {state?.ok && success ? (
        <span role="status" className="text-sm text-slate-700">
          {success(state.data)}
        </span>
      ) : null}
      <SubmitButton variant={variant} pendingText={pendingText}>
        {about ? (
          <span>
            {children}
            <span className="sr-only"> {about}</span>
          </span>
        ) : (
          children
        )}
      </SubmitButton>
    </form>
  );
}
