// A button of the mailbox pages (a test, a confirmation, a form sent by hand) whose work, if any, runs in
// a transition the caller holds: while `pending` it is disabled and says `pendingText`. Forms sent through
// their `action` use SubmitButton instead, which reads the form's own status.
import type { ButtonHTMLAttributes } from 'react';

const looks = {
  primary: 'bg-indigo-600 text-white hover:bg-indigo-700 focus-visible:ring-offset-2',
  secondary: 'border border-slate-300 bg-white text-slate-800 hover:bg-slate-50',
};

type Props = ButtonHTMLAttributes<HTMLButtonElement> & {
  pending?: boolean;
  pendingText?: string;
  variant?: keyof typeof looks;
};

export function ActionButton({
  pending = false,
  pendingText,
  variant = 'primary',
  disabled,
  children,
  ...button
}: Props) {
  return (
    <button
      type="button"
      disabled={pending || disabled}
      className={`rounded-md px-4 py-2 text-sm font-medium focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 disabled:opacity-60 ${looks[variant]}`}
      {...button}
    >
      {pending && pendingText ? pendingText : children}
    </button>
  );
}
