'use client';
// "Merge into another case": this case's history joins the chosen one (the requester's other cases are
// offered), after a confirmation, and the browser goes there.
import { useActionState } from 'react';
import { FormError } from '@/app/_components/form-message';
import { SubmitButton } from '@/app/_components/submit-button';
import { mergeCaseAction } from './actions';

export function MergeForm({
  slug,
  number,
  suggestions,
}: {
  slug: string;
  number: number;
  suggestions: { number: number; subject: string }[];
}) {
  const [state, action] = useActionState(mergeCaseAction, null);
  return (
    <details className="rounded-lg bg-white p-4 shadow-sm" data-testid="merge-panel">
      <summary className="cursor-pointer text-sm font-semibold">Merge into another case</summary>
      <form
        action={action}
        className="mt-3 space-y-2"
        onSubmit={(e) => {
          const into = new FormData(e.currentTarget).get('into');
          if (
            !window.confirm(
              `Merge case #${number} into case #${String(into).replace(/^#/, '')}? Its history moves there.`,
            )
          )
            e.preventDefault();
        }}
      >
        <input type="hidden" name="slug" value={slug} />
        <input type="hidden" name="number" value={number} />
        <label htmlFor="merge-into" className="block text-xs font-medium text-slate-700">
          Case number to merge #{number} into
        </label>
        <input
          id="merge-into"
          name="into"
          required
          inputMode="numeric"
          list="merge-suggestions"
          defaultValue={state?.values?.into}
          className="w-full rounded-md border border-slate-300 px-2 py-2 text-sm"
        />
        <datalist id="merge-suggestions">
          {suggestions.map((s) => (
            <option key={s.number} value={String(s.number)}>
              {s.subject}
            </option>
          ))}
        </datalist>
        <FormError message={state && !state.ok ? state.error : null} />
        <SubmitButton pendingText="Merging…">Merge</SubmitButton>
      </form>
    </details>
  );
}
