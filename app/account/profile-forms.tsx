'use client';
// The name teammates see, and each workspace's notification emails (on assignment, on a customer reply).
import { useActionState } from 'react';
import { CheckboxField, NameField } from '@/app/_components/field';
import { FormError } from '@/app/_components/form-message';
import { SaveRow } from '@/app/_components/save-row';
import { saveNotificationsAction, updateNameAction } from './actions';
import { fieldErrorsOf } from '@/app/_components/field-errors';

export function ProfileNameForm({ name }: { name: string | null }) {
  const [state, action] = useActionState(updateNameAction, null);
  const errors = fieldErrorsOf(state);
  return (
    <form action={action} className="space-y-3" data-testid="profile-name-form">
      <NameField
        defaultValue={state?.values?.name ?? name ?? ''}
        hint="Teammates see it instead of your address."
        error={errors.name}
      />
      <FormError message={state && !state.ok && !errors.name ? state.error : null} />
      <SaveRow saved={Boolean(state?.ok)}>Save name</SaveRow>
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
        <div className="mt-2 space-y-1">
          <CheckboxField
            name="notifyOnAssign"
            defaultChecked={current.notifyOnAssign}
            label="Email me when a case is assigned to me"
          />
          <CheckboxField
            name="notifyOnReply"
            defaultChecked={current.notifyOnReply}
            label="Email me when a customer replies on a case assigned to me"
          />
        </div>
      </fieldset>
      <FormError message={state && !state.ok ? state.error : null} />
      <SaveRow saved={Boolean(state?.ok)} variant="secondary">
        Save notifications
      </SaveRow>
    </form>
  );
}
