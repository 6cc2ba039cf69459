'use client';
// Submit button that shows the pending state of its form.
import { useFormStatus } from 'react-dom';

export function SubmitButton({
  children,
  pendingText,
  variant = 'primary',
  name,
  value,
}: {
  children: React.ReactNode;
  pendingText?: string;
  variant?: 'primary' | 'danger' | 'secondary';
  /** Sent with the form when this button submits it (one form, several ways to send). */
  name?: string;
  value?: string;
}) {
  const { pending } = useFormStatus();
  const styles = {
    primary: 'bg-indigo-600 text-white hover:bg-indigo-700',
    danger: 'bg-white text-red-700 border border-red-300 hover:bg-red-50',
    secondary: 'bg-white text-slate-800 border border-slate-300 hover:bg-slate-50',
  }[variant];
  return (
    <button
      type="submit"
      name={name}
      value={value}
      disabled={pending}
      aria-disabled={pending}
      className={`inline-flex items-center justify-center rounded-md px-3 py-2 text-sm font-medium focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:ring-offset-2 disabled:opacity-60 ${styles}`}
    >
      {pending ? (pendingText ?? 'Working…') : children}
    </button>
  );
}
