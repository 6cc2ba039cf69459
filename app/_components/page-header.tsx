// The title of a page and the sentence or two under it that says what the page is for.
import type { ReactNode } from 'react';

export function PageHeader({ title, children }: { title: ReactNode; children?: ReactNode }) {
  return (
    <header>
      <h1 className="text-2xl font-semibold">{title}</h1>
      {children ? <p className="mt-1 text-sm text-slate-600">{children}</p> : null}
    </header>
  );
}
