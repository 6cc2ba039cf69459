'use client';
import { useActionState } from 'react';
import { FormError } from '@/app/_components/form-message';
import { SubmitButton } from '@/app/_components/submit-button';
import { addSenderAction, removeSenderAction } from './actions';

export function AddSenderForm({ slug, kind }: { slug: string; kind: 'blocked' | 'allowed' }) {
  const [state, action] = useActionState(addSenderAction, null);
  const fieldId = `sender-${kind}`;
  return (
    <form action={action} className="space-y-2">
      <input type="hidden" name="slug" value={slug} />
      <input type="hidden" name="kind" value={kind} />
      <div className="flex flex-wrap items-end gap-2">
        <div className="space-y-1">
          <label htmlFor={fieldId} className="block text-sm font-medium text-slate-800">
            Address or domain to {kind === 'blocked' ? 'block' : 'allow'}
          </label>
          <input
            id={fieldId}
            name="pattern"
            required
            placeholder={kind === 'blocked' ? 'spam.example' : 'erp@partner.example'}
            aria-invalid={state && !state.ok ? true : undefined}
            className="w-72 rounded-md border border-slate-300 px-3 py-2 text-sm focus:outline-none focus:ring-2 focus:ring-indigo-500"
          />
        </div>
        <div className="space-y-1">
          <label htmlFor={`${fieldId}-note`} className="block text-sm font-medium text-slate-800">
            Note (optional)
          </label>
          <input
            id={`${fieldId}-note`}
            name="note"
            className="w-56 rounded-md border border-slate-300 px-3 py-2 text-sm focus:outline-none focus:ring-2 focus:ring-indigo-500"
          />
        </div>
        <SubmitButton pendingText="Adding…">{kind === 'blocked' ? 'Block' : 'Allow'}</SubmitButton>
      </div>
      <FormError message={state && !state.ok ? state.error : null} />
      {state?.ok ? (
        <p role="status" className="text-sm text-emerald-700">
          {state.data.pattern} is now {state.data.kind}.
        </p>
      ) : null}
    </form>
  );
}

export function RemoveSenderButton({ slug, id, pattern }: { slug: string; id: string; pattern: string }) {
  const [state, action] = useActionState(removeSenderAction, null);
  return (
    <form action={action} className="flex items-center gap-2">
      <input type="hidden" name="slug" value={slug} />
      <input type="hidden" name="id" value={id} />
      {state && !state.ok ? (
        <span role="alert" className="text-sm text-red-700">
          {state.error}
        </span>
      ) : null}
      <SubmitButton variant="danger" pendingText="Removing…">
        <span>
          Remove<span className="sr-only"> {pattern}</span>
        </span>
      </SubmitButton>
    </form>
  );
}
