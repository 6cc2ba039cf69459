'use client';
import Link from 'next/link';
import { useActionState } from 'react';
import { ActionButtonForm } from '@/app/_components/action-button-form';
import { CheckboxField, Field } from '@/app/_components/field';
import { FormError } from '@/app/_components/form-message';
import { SaveRow } from '@/app/_components/save-row';
import { HiddenFields } from '@/app/_components/hidden-fields';
import { ShownOnce } from '@/app/_components/shown-once';
import { SubmitButton } from '@/app/_components/submit-button';
import { WEBHOOK_EVENT_TYPES } from '@/lib/webhooks/events';
import {
  createEndpointAction,
  replayDeliveryAction,
  rotateSecretAction,
  sendTestAction,
  updateEndpointAction,
} from './actions';
import { fieldErrorsOf } from '@/app/_components/field-errors';

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
            <CheckboxField
              key={type}
              name={`event:${type}`}
              defaultChecked={values?.events?.includes(type) ?? false}
              label={<code>{type}</code>}
            />
          ))}
        </div>
      </fieldset>
      <CheckboxField
        name="includeBodies"
        defaultChecked={values?.includeBodies ?? false}
        label={
          <>
            Include message bodies in <code>case.created</code> and <code>message.*</code> events
          </>
        }
      />
    </>
  );
}

/** A signing secret as created or rotated: the only time it is shown. */
function SecretOnce({ label, secret, note }: { label: string; secret: string; note?: string }) {
  return (
    <ShownOnce
      title={label}
      label="Signing secret"
      id="webhook-secret"
      value={secret}
      note={`Copy it into your consumer now; we keep it only in sealed form. ${note ?? ''}`}
    />
  );
}

export function CreateEndpointForm({ slug }: { slug: string }) {
  const [state, action] = useActionState(createEndpointAction, null);
  const errors = fieldErrorsOf(state);
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
  const errors = fieldErrorsOf(state);
  return (
    <form action={action} className="mt-3 max-w-2xl space-y-4">
      <HiddenFields values={{ slug, endpointId }} />
      <EndpointFields values={values} errors={errors} />
      <CheckboxField name="enabled" defaultChecked={values.enabled} label="Enabled" />
      <SaveRow saved={Boolean(state?.ok)}>Save changes</SaveRow>
      <FormError message={state && !state.ok && !errors.url ? state.error : null} />
    </form>
  );
}

export function RotateSecretForm({ slug, endpointId }: { slug: string; endpointId: string }) {
  const [state, action] = useActionState(rotateSecretAction, null);
  return (
    <div className="space-y-2">
      <form action={action}>
        <HiddenFields values={{ slug, endpointId }} />
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
  return (
    <ActionButtonForm
      action={sendTestAction}
      fields={{ slug, endpointId }}
      variant="secondary"
      pendingText="Sending…"
      success={(d) =>
        d.status === 'succeeded' ? (
          <span className="text-emerald-800">Delivered ({d.statusCode}).</span>
        ) : (
          <span className="text-red-700">Not delivered: {d.error ?? d.statusCode}</span>
        )
      }
    >
      Send test event
    </ActionButtonForm>
  );
}

export function ReplayButton({ slug, deliveryId, label }: { slug: string; deliveryId: string; label: string }) {
  return (
    <ActionButtonForm
      action={replayDeliveryAction}
      fields={{ slug, deliveryId }}
      about={label}
      variant="secondary"
      pendingText="Replaying…"
      success={(d) => `Replayed: ${d.status}${d.statusCode ? ` (${d.statusCode})` : ''}`}
    >
      Replay
    </ActionButtonForm>
  );
}
