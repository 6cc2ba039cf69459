// A checkbox with its text as the label (clicking the text ticks it; the text is its accessible name).
import type { InputHTMLAttributes, ReactNode } from 'react';

type Props = InputHTMLAttributes<HTMLInputElement> & { children: ReactNode; labelClassName?: string };

export function CheckboxField({ children, labelClassName = '', ...input }: Props) {
  return (
    <label className={`flex items-center gap-2 text-sm ${labelClassName}`}>
      <input type="checkbox" className="h-4 w-4" {...input} />
      {children}
    </label>
  );
}
