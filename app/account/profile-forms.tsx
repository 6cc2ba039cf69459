'use client';
// The name teammates see, and each workspace's notification emails (on assignment, on a customer reply).
import { useActionState } from 'react';
import { Field } from '@/app/_components/field';
import { FormError } from '@/app/_components/form-message';
import { SubmitButton } from '@/app/_components/submit-button';
import { saveNotificationsAction, updateNameAction } from './actions';

function Saved({ show }: { show: boolean }) {
  return show ? (
    <span role="status" className="text-sm text-green-800">
      Saved.
    </span>
  ) : null;
}

export function ProfileNameForm({ name }: { name: string | null }) {
  const [state, action] = useActionState(updateNameAction, null);
  const errors = state && !state.ok ? state.fieldErrors : {};
  return (
    <form action={action} className="space-y-3" data-testid="profile-name-form">
      <Field
        label="Your name"
        name="name"
        autoComplete="name"
        defaultValue={state?.values?.name ?? name ?? ''}
        hint="Teammates see it instead of your address."
        error={errors.name}
      />
      <FormError message={state && !state.ok && !errors.name ? state.error : null} />
      <div className="flex items-center gap-3">
        <SubmitButton pendingText="Saving…">Save name</SubmitButton>
        <Saved show={Boolean(state?.ok)} />
      </div>
    </form>
  );
}

export function NotificationsForm({
  slug,
  workspace,
  notifyOnAssign,
  notifyOnReply,
}: {
  slug: string;
  workspace: string;
  notifyOnAssign: boolean;
  notifyOnReply: boolean;
}) {
  const [state, action] = useActionState(saveNotificationsAction, null);
  const current = state?.ok ? state.data : { notifyOnAssign, notifyOnReply };
  return (
    <form action={action} className="space-y-2" data-testid={`notifications-${slug}`}>
      <input type="hidden" name="slug" value={slug} />
      <fieldset>
        <legend className="text-sm font-medium text-slate-800">{workspace}</legend>
        <label className="mt-2 flex items-center gap-2 text-sm">
          <input type="checkbox" name="notifyOnAssign" defaultChecked={current.notifyOnAssign} />
          Email me when a case is assigned to me
        </label>
        <label className="mt-1 flex items-center gap-2 text-sm">
          <input type="checkbox" name="notifyOnReply" defaultChecked={current.notifyOnReply} />
          Email me when a customer replies on a case assigned to me
        </label>
      </fieldset>
      <FormError message={state && !state.ok ? state.error : null} />
      <div className="flex items-center gap-3">
        <SubmitButton variant="secondary" pendingText="Saving…">
          Save notifications
        </SubmitButton>
        <Saved show={Boolean(state?.ok)} />
      </div>
    </form>
  );
}
