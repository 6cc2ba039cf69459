// A mail template being edited beside its preview (acknowledgement, reply wrapper): the preview panel
// rendered from the text being typed, and the monospace look of that text's TextAreaField.
import type { ReactNode } from 'react';

/** The template's text area: monospace (placeholders line up), greyed while the template is off. */
export const TEMPLATE_TEXT_CLASS =
  'block w-full rounded-md border border-slate-300 px-3 py-2 font-mono text-xs shadow-sm outline-none focus:ring-2 focus:ring-indigo-500 disabled:bg-slate-50';

/** What the template makes of a sample case; `children` come above the text (e.g. the subject). */
export function TemplatePreview({
  label,
  text,
  textTestId,
  children,
}: {
  label: string;
  text: string;
  textTestId: string;
  children?: ReactNode;
}) {
  return (
    <section aria-label={label} className="rounded-md border border-slate-200 bg-slate-50 p-3 text-sm">
      <p className="text-xs font-semibold uppercase tracking-wide text-slate-500">Preview</p>
      {children}
      <pre className="mt-2 whitespace-pre-wrap break-words font-sans text-slate-800" data-testid={textTestId}>
        {text}
      </pre>
    </section>
  );
}
