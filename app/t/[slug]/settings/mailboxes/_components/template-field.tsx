// A mail template being edited beside its preview (acknowledgement, reply wrapper): a monospace text area
// with the placeholders it knows in the hint under it, and the preview panel rendered from the same text.
import type { ReactNode, TextareaHTMLAttributes } from 'react';

type Props = TextareaHTMLAttributes<HTMLTextAreaElement> & { id: string; label: string; hint: ReactNode };

export function TemplateField({ id, label, hint, ...textarea }: Props) {
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <textarea
        id={id}
        className="mt-1 w-full rounded-md border border-slate-300 px-3 py-2 font-mono text-xs disabled:bg-slate-50"
        aria-describedby={`${id}-hint`}
        {...textarea}
      />
      <p id={`${id}-hint`} className="mt-1 text-xs text-slate-500">
        {hint}
      </p>
    </div>
  );
}

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
