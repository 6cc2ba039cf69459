// What a form says after it was sent: the form-level error (or note) announced to screen readers when it
// appears, and the short confirmation of a form that worked.
import type { ReactNode } from 'react';
import type { ActionState } from '@/lib/auth/define-action';

const alertStyles = {
  box: 'rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800',
  inline: 'text-sm text-red-700',
};

function Alert({ message, look }: { message?: string | null; look: keyof typeof alertStyles }) {
  if (!message) return null;
  return (
    <p role="alert" className={alertStyles[look]}>
      {message}
    </p>
  );
}

export function FormError({ message }: { message?: string | null }) {
  return <Alert message={message} look="box" />;
}

/** A failure shown on the line of a small form (a button in a table row), without the box of FormError. */
export function InlineError({ message }: { message?: string | null }) {
  return <Alert message={message} look="inline" />;
}

/**
 * A failure in small print on the line of the control that sent it (a case message's Retry, a review row's
 * actions); `className` places it (e.g. "ml-2" beside a button).
 */
export function SmallError({ message, className }: { message?: string | null; className?: string }) {
  if (!message) return null;
  return (
    <span role="alert" className={className ? `${className} text-xs text-red-700` : 'text-xs text-red-700'}>
      {message}
    </span>
  );
}

/** "Saved." beside a form's button, once the last send worked. */
export function SavedNote({ show }: { show: boolean }) {
  return show ? (
    <span role="status" className="text-sm text-emerald-800">
      Saved.
    </span>
  ) : null;
}

/**
 * The outcome of a form's last send: its error, or `success` ("Saved." unless given; a function gets the
 * action's data). Usage: `<ActionFeedback state={state} success={(d) => `Merged ${d.merged}.`} />`.
 */
export function ActionFeedback<T>({
  state,
  success = 'Saved.',
}: {
  state: ActionState<T>;
  success?: ReactNode | ((data: T) => ReactNode);
}) {
  if (!state) return null;
  if (!state.ok) return <FormError message={state.error} />;
  return (
    <p role="status" className="text-sm text-emerald-800">
      {typeof success === 'function' ? success(state.data) : success}
    </p>
  );
}
