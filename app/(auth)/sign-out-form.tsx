// Signing out is a form posting signOutAction, never a link (a prefetch or a crawler could follow a link).
// As a bordered button on a page of its own, or as a link-like button in the sidebar and on the join page.
import type { ReactNode } from 'react';
import { signOutAction } from './actions';

const looks = {
  button: 'rounded-md border border-slate-300 bg-white px-3 py-2 text-sm hover:bg-slate-50',
  link: 'text-sm font-medium text-indigo-700 hover:underline focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500',
};

export function SignOutForm({
  look,
  className,
  children = 'Sign out',
}: {
  look: keyof typeof looks;
  className?: string;
  children?: ReactNode;
}) {
  return (
    <form action={signOutAction} className={className}>
      <button type="submit" className={looks[look]}>
        {children}
      </button>
    </form>
  );
}
