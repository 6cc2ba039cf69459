'use client';
// Submit button that shows the pending state of its form, and the plain Button for what happens on the
// page (open, cancel, preview) in the same three looks.
import type { ButtonHTMLAttributes } from 'react';
import { useFormStatus } from 'react-dom';

type Variant = 'primary' | 'danger' | 'secondary';

const variantStyles: Record<Variant, string> = {
  primary: 'bg-indigo-600 text-white hover:bg-indigo-700',
  danger: 'bg-white text-red-700 border border-red-300 hover:bg-red-50',
  secondary: 'bg-white text-slate-800 border border-slate-300 hover:bg-slate-50',
};

function buttonClass(variant: Variant): string {
  return `inline-flex items-center justify-center rounded-md px-3 py-2 text-sm font-medium focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:ring-offset-2 disabled:opacity-60 ${variantStyles[variant]}`;
}

export function SubmitButton({
  children,
  pendingText,
  variant = 'primary',
  name,
  value,
  pending: pendingProp,
  disabled,
}: {
  children: React.ReactNode;
  pendingText?: string;
  variant?: Variant;
  /** Sent with the form when this button submits it (one form, several ways to send). */
  name?: string;
  value?: string;
  /** For a form sent by onSubmit (not a form action), whose pending state useFormStatus cannot see. */
  pending?: boolean;
  disabled?: boolean;
}) {
  const status = useFormStatus();
  const pending = pendingProp ?? status.pending;
  return (
    <button
      type="submit"
      name={name}
      value={value}
      disabled={pending || disabled}
      aria-disabled={pending || disabled}
      className={buttonClass(variant)}
    >
      {pending ? (pendingText ?? 'Working…') : children}
    </button>
  );
}

/** A button that acts on the page rather than sending its form (type="button"). */
export function Button({
  variant = 'secondary',
  ...button
}: Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'type' | 'className'> & { variant?: Variant }) {
  return <button type="button" className={buttonClass(variant)} {...button} />;
}
