'use client';
import Link from 'next/link';
import { useActionState } from 'react';
import { Field } from '@/app/_components/field';
import { FormError } from '@/app/_components/form-message';
import { SubmitButton } from '@/app/_components/submit-button';
import { WEBHOOK_EVENT_TYPES } from '@/lib/webhooks/events';
import {
  createEndpointAction,
  deleteEndpointAction,
  replayDeliveryAction,
  rotateSecretAction,
  sendTestAction,
  updateEndpointAction,
} from './actions';

type EndpointValues = {
  url: string;
  description: string;
  events: string[] | null;
  includeBodies: boolean;
  enabled?: boolean;
};

function EndpointFields({ values, errors }: { values?: EndpointValues; errors: Record<string, string> }) {
  return (
    <>
      <Field
        label="Endpoint URL"
        name="url"
        type="url"
        required
        maxLength={2000}
        placeholder="https://example.com/webhooks/caseflow"
        defaultValue={values?.url}
        error={errors.url}
      />
      <Field
        label="Description"
        name="description"
        maxLength={500}
        placeholder="e.g. CRM sync"
        defaultValue={values?.description}
        error={errors.description}
      />
      <fieldset className="space-y-1">
        <legend className="text-sm font-medium text-slate-800">Events</legend>
        <p className="text-xs text-slate-500">Tick none to receive every event type, including ones added later.</p>
        <div className="grid grid-cols-2 gap-1">
          {WEBHOOK_EVENT_TYPES.map((type) => (
            <label key={type} className="flex items-center gap-2 text-sm">
              <input type="checkbox" name={`event:${type}`} defaultChecked={values?.events?.includes(type) ?? false} />
              <code>{type}</code>
            </label>
          ))}
        </div>
      </fieldset>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="includeBodies" defaultChecked={values?.includeBodies ?? false} />
        Include message bodies in <code>case.created</code> and <code>message.*</code> events
      </label>
    </>
  );
}

function SecretOnce({ label, secret, note }: { label: string; secret: string; note?: string }) {
  return (
    <div role="status" className="rounded-md border border-emerald-200 bg-emerald-50 p-4 text-sm">
      <p className="font-medium text-emerald-900">{label} (shown only once):</p>
      <label htmlFor="webhook-secret" className="sr-only">
        Signing secret
      </label>
      <input
        id="webhook-secret"
        readOnly
        value={secret}
        onFocus={(e) => e.currentTarget.select()}
        className="mt-2 block w-full rounded-md border border-emerald-300 bg-white px-3 py-2 font-mono text-xs"
        data-testid="webhook-secret"
      />
      <p className="mt-2 text-emerald-900">Copy it into your consumer now; we keep it only in sealed form. {note}</p>
    </div>
  );
}

export function CreateEndpointForm({ slug }: { slug: string }) {
  const [state, action] = useActionState(createEndpointAction, null);
  const errors = state && !state.ok ? state.fieldErrors : {};
  return (
    <div className="mt-3 max-w-2xl space-y-4">
      <form action={action} className="space-y-4">
        <input type="hidden" name="slug" value={slug} />
        <EndpointFields errors={errors} />
        <SubmitButton pendingText="Adding…">Add endpoint</SubmitButton>
      </form>
      <FormError message={state && !state.ok && !errors.url ? state.error : null} />
      {state?.ok ? (
        <div className="space-y-2">
          <SecretOnce label={`Signing secret for ${state.data.url}`} secret={state.data.secret} />
          <Link
            href={`/t/${slug}/settings/webhooks/${state.data.id}`}
            className="text-sm font-medium text-indigo-700 hover:underline"
          >
            Open the endpoint
          </Link>
        </div>
      ) : null}
    </div>
  );
}

export function EditEndpointForm({
  slug,
  endpointId,
  values,
}: {
  slug: string;
  endpointId: string;
  values: EndpointValues;
}) {
  const [state, action] = useActionState(updateEndpointAction, null);
  const errors = state && !state.ok ? state.fieldErrors : {};
  return (
    <form action={action} className="mt-3 max-w-2xl space-y-4">
      <input type="hidden" name="slug" value={slug} />
      <input type="hidden" name="endpointId" value={endpointId} />
      <EndpointFields values={values} errors={errors} />
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="enabled" defaultChecked={values.enabled} />
        Enabled
      </label>
      <div className="flex items-center gap-3">
        <SubmitButton pendingText="Saving…">Save changes</SubmitButton>
        {state?.ok ? (
          <span role="status" className="text-sm text-emerald-800">
            Saved.
          </span>
        ) : null}
      </div>
      <FormError message={state && !state.ok && !errors.url ? state.error : null} />
    </form>
  );
}

export function RotateSecretForm({ slug, endpointId }: { slug: string; endpointId: string }) {
  const [state, action] = useActionState(rotateSecretAction, null);
  return (
    <div className="space-y-2">
      <form action={action}>
        <input type="hidden" name="slug" value={slug} />
        <input type="hidden" name="endpointId" value={endpointId} />
        <SubmitButton variant="secondary" pendingText="Rotating…">
          Rotate secret
        </SubmitButton>
      </form>
      {state && !state.ok ? <FormError message={state.error} /> : null}
      {state?.ok ? (
        <SecretOnce
          label="New signing secret"
          secret={state.data.secret}
          note={
            state.data.previousSecretExpiresAt
              ? `The old secret keeps signing too until ${new Date(state.data.previousSecretExpiresAt).toUTCString()}.`
              : undefined
          }
        />
      ) : null}
    </div>
  );
}

export function SendTestForm({ slug, endpointId }: { slug: string; endpointId: string }) {
  const [state, action] = useActionState(sendTestAction, null);
  return (
    <form action={action} className="flex items-center gap-3">
      <input type="hidden" name="slug" value={slug} />
      <input type="hidden" name="endpointId" value={endpointId} />
      <SubmitButton variant="secondary" pendingText="Sending…">
        Send test event
      </SubmitButton>
      {state && !state.ok ? (
        <span role="alert" className="text-sm text-red-700">
          {state.error}
        </span>
      ) : null}
      {state?.ok ? (
        <span
          role="status"
          className={`text-sm ${state.data.status === 'succeeded' ? 'text-emerald-800' : 'text-red-700'}`}
        >
          {state.data.status === 'succeeded'
            ? `Delivered (${state.data.statusCode}).`
            : `Not delivered: ${state.data.error ?? state.data.statusCode}`}
        </span>
      ) : null}
    </form>
  );
}

export function DeleteEndpointForm({ slug, endpointId }: { slug: string; endpointId: string }) {
  const [state, action] = useActionState(deleteEndpointAction, null);
  return (
    <form
      action={action}
      onSubmit={(e) => {
        if (!window.confirm('Delete this endpoint and its delivery log?')) e.preventDefault();
      }}
    >
      <input type="hidden" name="slug" value={slug} />
      <input type="hidden" name="endpointId" value={endpointId} />
      {state && !state.ok ? <FormError message={state.error} /> : null}
      <SubmitButton variant="danger" pendingText="Deleting…">
        Delete endpoint
      </SubmitButton>
    </form>
  );
}

export function ReplayButton({ slug, deliveryId, label }: { slug: string; deliveryId: string; label: string }) {
  const [state, action] = useActionState(replayDeliveryAction, null);
  return (
    <form action={action} className="inline-flex items-center gap-2">
      <input type="hidden" name="slug" value={slug} />
      <input type="hidden" name="deliveryId" value={deliveryId} />
      {state && !state.ok ? (
        <span role="alert" className="text-sm text-red-700">
          {state.error}
        </span>
      ) : null}
      {state?.ok ? (
        <span role="status" className="text-sm text-slate-700">
          Replayed: {state.data.status}
          {state.data.statusCode ? ` (${state.data.statusCode})` : ''}
        </span>
      ) : null}
      <SubmitButton variant="secondary" pendingText="Replaying…">
        <span>
          Replay<span className="sr-only"> {label}</span>
        </span>
      </SubmitButton>
    </form>
  );
}
