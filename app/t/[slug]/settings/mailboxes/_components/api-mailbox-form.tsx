'use client';
// The settings entry for Microsoft Graph and Gmail API mailboxes: address, access, the app's client ID
// and secret (and for Graph the directory). Setup at the provider is described in the README.
import { useRouter } from 'next/navigation';
import { useActionState, useEffect, useState, useTransition } from 'react';
import { Field } from '@/app/_components/field';
import { FormError } from '@/app/_components/form-message';
import { createApiMailboxAction } from './api-mailbox-actions';

const inputClass =
  'block w-full rounded-md border border-slate-300 px-3 py-2 text-sm shadow-sm outline-none focus:ring-2 focus:ring-indigo-500';

export function ApiMailboxForm({
  slug,
  callbackUrl,
  protocol: chosen,
}: {
  slug: string;
  callbackUrl: string;
  /** The wizard's Graph or Gmail API source: that service, and the form starts open. */
  protocol?: 'graph' | 'gmail-api';
}) {
  const router = useRouter();
  const [state, action] = useActionState(createApiMailboxAction, null);
  const [submitting, startSubmit] = useTransition();
  const [protocol, setProtocol] = useState<'graph' | 'gmail-api'>(chosen ?? 'graph');
  const [access, setAccess] = useState<'delegated' | 'shared' | 'app-only'>('delegated');
  const errors = state && !state.ok ? state.fieldErrors : {};
  useEffect(() => {
    if (!state?.ok) return;
    if (state.data.authorizationUrl) window.location.assign(state.data.authorizationUrl);
    else router.push(`/t/${slug}/settings/mailboxes/${state.data.mailboxId}`);
  }, [state, router, slug]);
  const submit = (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    startSubmit(() => action(data));
  };
  const graph = protocol === 'graph';
  return (
    <details className="rounded-lg bg-white p-5 shadow-sm" data-testid="api-mailbox-wizard" open={Boolean(chosen)}>
      <summary className="cursor-pointer text-lg font-semibold">
        Connect through Microsoft Graph or the Gmail API
      </summary>
      <p className="mt-2 text-sm text-slate-600">
        Works when IMAP is switched off, and for shared mailboxes. Replies are sent through the API, so their copies
        land in the mailbox’s own Sent Items. Redirect URI to register: <code className="break-all">{callbackUrl}</code>
      </p>
      <form onSubmit={submit} className="mt-4 space-y-3" data-testid="api-mailbox-form">
        <input type="hidden" name="slug" value={slug} />
        <div className="space-y-1">
          <label htmlFor="api-protocol" className="block text-sm font-medium text-slate-800">
            Service
          </label>
          <select
            id="api-protocol"
            name="protocol"
            value={protocol}
            onChange={(e) => setProtocol(e.target.value as 'graph' | 'gmail-api')}
            className={inputClass}
          >
            <option value="graph">Microsoft 365 (Microsoft Graph)</option>
            <option value="gmail-api">Google Workspace / Gmail (Gmail API)</option>
          </select>
        </div>
        <Field id="api-email" label="Support address" name="email" type="email" required error={errors.email} />
        {graph ? (
          <>
            <div className="space-y-1">
              <label htmlFor="api-access" className="block text-sm font-medium text-slate-800">
                Access
              </label>
              <select
                id="api-access"
                name="access"
                value={access}
                onChange={(e) => setAccess(e.target.value as 'delegated' | 'shared' | 'app-only')}
                className={inputClass}
              >
                <option value="delegated">Sign in as this mailbox (Mail.ReadWrite, Mail.Send)</option>
                <option value="shared">
                  Shared mailbox, signed in as a member (Mail.ReadWrite.Shared, Mail.Send.Shared)
                </option>
                <option value="app-only">App-only, no sign-in (application permissions, client secret)</option>
              </select>
            </div>
            {access === 'shared' ? (
              <Field
                id="api-username"
                label="Member who signs in"
                name="username"
                type="email"
                error={errors.username}
              />
            ) : null}
            <Field
              id="api-directory"
              label="Directory (tenant) ID or domain"
              name="directory"
              required
              hint="Entra ID → Overview → Directory (tenant) ID; “common” is not accepted."
              error={errors['oauth.tenant']}
            />
          </>
        ) : null}
        <Field id="api-clientId" label="Client ID" name="clientId" required error={errors['oauth.clientId']} />
        <Field
          id="api-clientSecret"
          label="Client secret"
          name="clientSecret"
          type="password"
          autoComplete="off"
          required={graph && access === 'app-only'}
          error={errors['oauth.clientSecret']}
        />
        <Field
          id="api-folder"
          label={graph ? 'Folder' : 'Label'}
          name="folder"
          placeholder="INBOX"
          error={errors.folder}
        />
        <label className="flex items-center gap-2 text-sm text-slate-700">
          <input type="checkbox" name="keepInFolder" /> Keep processed messages: move them to
        </label>
        <Field
          id="api-moveTo"
          label={graph ? 'Folder to move to' : 'Label to add (archived)'}
          name="moveTo"
          error={errors.moveToFolder}
        />
        <FormError message={state && !state.ok ? state.error : null} />
        <button
          type="submit"
          disabled={submitting}
          className="inline-flex items-center justify-center rounded-md bg-indigo-600 px-3 py-2 text-sm font-medium text-white hover:bg-indigo-700 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:ring-offset-2 disabled:opacity-60"
        >
          {submitting ? 'Saving…' : graph && access === 'app-only' ? 'Save' : 'Save and sign in'}
        </button>
      </form>
    </details>
  );
}
