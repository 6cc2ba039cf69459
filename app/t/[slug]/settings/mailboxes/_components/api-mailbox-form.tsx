'use client';
// The settings entry for Microsoft Graph and Gmail API mailboxes: address, access, the app's client ID
// and secret with its expiry date (and for Graph the directory). Setup at the provider is described in the README.
import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { CheckboxField, Field, SelectField } from '@/app/_components/field';
import { FormError } from '@/app/_components/form-message';
import { ActionButton } from './action-button';
import { createApiMailboxAction } from './api-mailbox-actions';
import { useKeptFormAction } from './use-kept-form-action';

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
  const { state, pending, onSubmit, fieldErrors: errors } = useKeptFormAction(createApiMailboxAction);
  const [protocol, setProtocol] = useState<'graph' | 'gmail-api'>(chosen ?? 'graph');
  const [access, setAccess] = useState<'delegated' | 'shared' | 'app-only'>('delegated');
  useEffect(() => {
    if (!state?.ok) return;
    if (state.data.authorizationUrl) window.location.assign(state.data.authorizationUrl);
    else router.push(`/t/${slug}/settings/mailboxes/${state.data.mailboxId}`);
  }, [state, router, slug]);
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
      <form onSubmit={onSubmit} className="mt-4 space-y-3" data-testid="api-mailbox-form">
        <input type="hidden" name="slug" value={slug} />
        <SelectField
          id="api-protocol"
          label="Service"
          name="protocol"
          value={protocol}
          onChange={(e) => setProtocol(e.target.value as 'graph' | 'gmail-api')}
        >
          <option value="graph">Microsoft 365 (Microsoft Graph)</option>
          <option value="gmail-api">Google Workspace / Gmail (Gmail API)</option>
        </SelectField>
        <Field id="api-email" label="Support address" name="email" type="email" required error={errors.email} />
        {graph ? (
          <>
            <SelectField
              id="api-access"
              label="Access"
              name="access"
              value={access}
              onChange={(e) => setAccess(e.target.value as 'delegated' | 'shared' | 'app-only')}
            >
              <option value="delegated">Sign in as this mailbox (Mail.ReadWrite, Mail.Send)</option>
              <option value="shared">
                Shared mailbox, signed in as a member (Mail.ReadWrite.Shared, Mail.Send.Shared)
              </option>
              <option value="app-only">App-only, no sign-in (application permissions, client secret)</option>
            </SelectField>
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
          id="api-clientSecretExpiresAt"
          label="Secret’s expiry date (optional)"
          name="clientSecretExpiresAt"
          type="date"
          error={errors['oauth.clientSecretExpiresAt']}
          hint={`${graph ? 'Entra ID shows it under Certificates & secrets. ' : ''}Owners and admins are mailed 14, 3 and 1 days before.`}
        />
        <Field
          id="api-folder"
          label={graph ? 'Folder' : 'Label'}
          name="folder"
          placeholder="INBOX"
          error={errors.folder}
        />
        <CheckboxField name="keepInFolder" label="Keep processed messages: move them to" />
        <Field
          id="api-moveTo"
          label={graph ? 'Folder to move to' : 'Label to add (archived)'}
          name="moveTo"
          error={errors.moveToFolder}
        />
        <FormError message={state && !state.ok ? state.error : null} />
        <ActionButton type="submit" pending={pending} pendingText="Saving…">
          {graph && access === 'app-only' ? 'Save' : 'Save and sign in'}
        </ActionButton>
      </form>
    </details>
  );
}
