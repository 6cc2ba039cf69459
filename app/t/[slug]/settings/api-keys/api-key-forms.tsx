'use client';
import { useActionState } from 'react';
import { Field } from '@/app/_components/field';
import { FormError } from '@/app/_components/form-message';
import { ShownOnce } from '@/app/_components/shown-once';
import { SubmitButton } from '@/app/_components/submit-button';
import { createApiKeyAction } from './actions';
import { fieldErrorsOf } from '@/app/_components/field-errors';

export function CreateApiKeyForm({ slug }: { slug: string }) {
  const [state, action] = useActionState(createApiKeyAction, null);
  const errors = fieldErrorsOf(state);
  return (
    <div className="mt-3 space-y-4">
      <form action={action} className="flex max-w-lg items-end gap-3">
        <input type="hidden" name="slug" value={slug} />
        <div className="flex-1">
          <Field
            label="Key name"
            name="name"
            required
            maxLength={100}
            placeholder="e.g. CRM sync"
            error={errors.name}
          />
        </div>
        <SubmitButton pendingText="Creating…">Create key</SubmitButton>
      </form>
      <FormError message={state && !state.ok && !errors.name ? state.error : null} />
      {state?.ok ? (
        <ShownOnce
          title={`New key “${state.data.name}”`}
          label="New API key"
          id="new-api-key"
          value={state.data.key}
          note="Copy it now and store it safely; we keep only a hash."
        />
      ) : null}
    </div>
  );
}
