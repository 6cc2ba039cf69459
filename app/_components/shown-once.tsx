'use client';
// A secret or link we hand out once (a new API key, a webhook signing secret, an invitation link): shown in
// a read-only box that selects itself on focus, with what to do next below it.
import type { ReactNode } from 'react';

export function ShownOnce({
  title,
  label,
  id,
  value,
  note,
  children,
}: {
  /** Shown above the box, followed by "(shown only once):". */
  title: ReactNode;
  /** The box's name for screen readers. */
  label: string;
  /** The box's id and data-testid. */
  id: string;
  value: string;
  note: ReactNode;
  children?: ReactNode;
}) {
  return (
    <div role="status" className="rounded-md border border-emerald-200 bg-emerald-50 p-4 text-sm">
      <p className="font-medium text-emerald-900">{title} (shown only once):</p>
      <label htmlFor={id} className="sr-only">
        {label}
      </label>
      <input
        id={id}
        readOnly
        value={value}
        onFocus={(e) => e.currentTarget.select()}
        className="mt-2 block w-full rounded-md border border-emerald-300 bg-white px-3 py-2 font-mono text-xs"
        data-testid={id}
      />
      <p className="mt-2 text-emerald-900">{note}</p>
      {children}
    </div>
  );
}
