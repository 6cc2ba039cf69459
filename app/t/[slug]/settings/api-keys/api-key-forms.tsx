'use client';
import { useActionState } from 'react';
import { Field } from '@/app/_components/field';
import { FormError } from '@/app/_components/form-message';
import { SubmitButton } from '@/app/_components/submit-button';
import { createApiKeyAction, revokeApiKeyAction } from './actions';

export function CreateApiKeyForm({ slug }: { slug: string }) {
  const [state, action] = useActionState(createApiKeyAction, null);
  const errors = state && !state.ok ? state.fieldErrors : {};
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
        <div role="status" className="rounded-md border border-emerald-200 bg-emerald-50 p-4 text-sm">
          <p className="font-medium text-emerald-900">New key “{state.data.name}” (shown only once):</p>
          <label htmlFor="new-api-key" className="sr-only">
            New API key
          </label>
          <input
            id="new-api-key"
            readOnly
            value={state.data.key}
            onFocus={(e) => e.currentTarget.select()}
            className="mt-2 block w-full rounded-md border border-emerald-300 bg-white px-3 py-2 font-mono text-xs"
            data-testid="new-api-key"
          />
          <p className="mt-2 text-emerald-900">Copy it now and store it safely; we keep only a hash.</p>
        </div>
      ) : null}
    </div>
  );
}

export function RevokeApiKeyButton({ slug, apiKeyId, name }: { slug: string; apiKeyId: string; name: string }) {
  const [state, revoke] = useActionState(revokeApiKeyAction, null);
  return (
    <form action={revoke} className="inline-flex items-center gap-2">
      <input type="hidden" name="slug" value={slug} />
      <input type="hidden" name="apiKeyId" value={apiKeyId} />
      {state && !state.ok ? (
        <span role="alert" className="text-sm text-red-700">
          {state.error}
        </span>
      ) : null}
      <SubmitButton variant="danger" pendingText="Revoking…">
        <span>
          Revoke<span className="sr-only"> {name}</span>
        </span>
      </SubmitButton>
    </form>
  );
}
