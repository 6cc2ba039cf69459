'use client';
import { useActionState } from 'react';
import { ActionFeedback } from '@/app/_components/form-message';
import { Field } from '@/app/_components/field';
import { HiddenFields } from '@/app/_components/hidden-fields';
import { SubmitButton } from '@/app/_components/submit-button';
import { addSenderAction } from './actions';

export function AddSenderForm({ slug, kind }: { slug: string; kind: 'blocked' | 'allowed' }) {
  const [state, action] = useActionState(addSenderAction, null);
  const fieldId = `sender-${kind}`;
  return (
    <form action={action} className="space-y-2">
      <HiddenFields values={{ slug, kind }} />
      <div className="flex flex-wrap items-end gap-2">
        <div className="w-72">
          <Field
            label={`Address or domain to ${kind === 'blocked' ? 'block' : 'allow'}`}
            name="pattern"
            id={fieldId}
            required
            placeholder={kind === 'blocked' ? 'spam.example' : 'erp@partner.example'}
            aria-invalid={state && !state.ok ? true : undefined}
          />
        </div>
        <div className="w-56">
          <Field label="Note (optional)" name="note" id={`${fieldId}-note`} />
        </div>
        <SubmitButton pendingText="Adding…">{kind === 'blocked' ? 'Block' : 'Allow'}</SubmitButton>
      </div>
      <ActionFeedback state={state} success={(d) => `${d.pattern} is now ${d.kind}.`} />
    </form>
  );
}
