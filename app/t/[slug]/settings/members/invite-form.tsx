'use client';
import { useActionState } from 'react';
import { FormError } from '@/app/_components/form-message';
import { SubmitButton } from '@/app/_components/submit-button';
import { inviteMemberAction } from './actions';

export function InviteForm({ slug, canInviteOwners }: { slug: string; canInviteOwners: boolean }) {
  const [state, action] = useActionState(inviteMemberAction, null);
  return (
    <div className="mt-3 space-y-4">
      <form action={action} className="flex flex-wrap items-end gap-3">
        <input type="hidden" name="slug" value={slug} />
        <div className="space-y-1">
          <label htmlFor="invite-role" className="block text-sm font-medium text-slate-800">
            Role
          </label>
          <select
            id="invite-role"
            name="role"
            defaultValue="agent"
            className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm focus:outline-none focus:ring-2 focus:ring-indigo-500"
          >
            <option value="agent">Agent</option>
            <option value="admin">Admin</option>
            {canInviteOwners ? <option value="owner">Owner</option> : null}
          </select>
        </div>
        <div className="space-y-1">
          <label htmlFor="invite-email" className="block text-sm font-medium text-slate-800">
            Email (optional)
          </label>
          <input
            id="invite-email"
            name="email"
            type="email"
            autoComplete="off"
            placeholder="mail the link to…"
            className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm focus:outline-none focus:ring-2 focus:ring-indigo-500"
          />
        </div>
        <SubmitButton pendingText="Creating link…">Create invitation link</SubmitButton>
      </form>
      <FormError message={state && !state.ok ? state.error : null} />
      {state?.ok ? (
        <div role="status" className="rounded-md border border-emerald-200 bg-emerald-50 p-4 text-sm">
          <p className="font-medium text-emerald-900">Invitation link for a new {state.data.role} (shown only once):</p>
          <label htmlFor="invite-link" className="sr-only">
            Invitation link
          </label>
          <input
            id="invite-link"
            readOnly
            value={state.data.link}
            onFocus={(e) => e.currentTarget.select()}
            className="mt-2 block w-full rounded-md border border-emerald-300 bg-white px-3 py-2 font-mono text-xs"
            data-testid="invite-link"
          />
          <p className="mt-2 text-emerald-900">Copy it now. It works once and expires after 7 days.</p>
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
        </div>
      ) : null}
    </div>
  );
}
