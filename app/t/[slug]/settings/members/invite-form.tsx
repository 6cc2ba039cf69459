'use client';
import { useActionState } from 'react';
import { Field, SelectField } from '@/app/_components/field';
import { FormError } from '@/app/_components/form-message';
import { ShownOnce } from '@/app/_components/shown-once';
import { SubmitButton } from '@/app/_components/submit-button';
import { inviteMemberAction } from './actions';

export function InviteForm({ slug, canInviteOwners }: { slug: string; canInviteOwners: boolean }) {
  const [state, action] = useActionState(inviteMemberAction, null);
  return (
    <div className="mt-3 space-y-4">
      <form action={action} className="flex flex-wrap items-end gap-3">
        <input type="hidden" name="slug" value={slug} />
        <SelectField label="Role" name="role" id="invite-role" defaultValue="agent">
          <option value="agent">Agent</option>
          <option value="admin">Admin</option>
          {canInviteOwners ? <option value="owner">Owner</option> : null}
        </SelectField>
        <Field
          label="Email (optional)"
          name="email"
          id="invite-email"
          type="email"
          autoComplete="off"
          placeholder="mail the link to…"
        />
        <SubmitButton pendingText="Creating link…">Create invitation link</SubmitButton>
      </form>
      <FormError message={state && !state.ok ? state.error : null} />
      {state?.ok ? (
        <ShownOnce
          title={`Invitation link for a new ${state.data.role}`}
          label="Invitation link"
          id="invite-link"
          value={state.data.link}
          note="Copy it now. It works once and expires after 7 days."
        >
          {state.data.mailed === 'sent' ? (
            <p className="mt-1 text-emerald-900">We also mailed it to {state.data.email}.</p>
          ) : state.data.mailed === 'logged' ? (
            <p className="mt-1 text-emerald-900">
              No mail server is set up (SMTP_URL), so the message to {state.data.email} went to the server log.
            </p>
          ) : state.data.mailed === 'failed' ? (
            <p className="mt-1 text-red-800">
              The mail to {state.data.email} could not be sent; pass the link on yourself.
            </p>
          ) : null}
        </ShownOnce>
      ) : null}
    </div>
  );
}
