'use client';
// The Settings of a Microsoft Graph or Gmail API mailbox on its page: name, whose mailbox is read, the folder
// or label, what happens after a message is stored, and the app registration (client ID, write-only client
// secret and its expiry date, Graph's directory) with the endpoints. A new API URL, directory, endpoint or client needs the client
// secret again, and a delegated mailbox then signs in again (lib/mailboxes/update-api-mailbox.ts).
import { useEffect, useRef, useState } from 'react';
import { CheckboxField, Field, SelectField } from '@/app/_components/field';
import { ActionFeedback } from '@/app/_components/form-message';
import { HiddenFields } from '@/app/_components/hidden-fields';
import { ActionButton } from './action-button';
import { AfterProcessingFields } from './after-processing-fields';
import { updateApiMailboxAction } from './api-mailbox-actions';
import { useKeptFormAction } from './use-kept-form-action';

export type ApiMailboxSettings = {
  protocol: 'graph' | 'gmail-api';
  appOnly: boolean;
  email: string;
  displayName: string;
  /** Graph delegated: a shared mailbox, signed in as `username` (a member of it). */
  shared: boolean;
  username: string;
  folder: string;
  afterProcessing: 'delete' | 'move';
  moveToFolder: string;
  createCases: boolean;
  pollIntervalSeconds: string;
  /** Empty: the service's own, `defaultApiBaseUrl`. */
  apiBaseUrl: string;
  defaultApiBaseUrl: string;
  clientId: string;
  hasClientSecret: boolean;
  /** The client secret's expiry as a date input's value (YYYY-MM-DD); empty: none entered. */
  clientSecretExpiresAt: string;
  /** Graph: the directory (tenant) and the sign-in authority its token URL is built from. */
  directory: string;
  authority: string;
  /** Gmail: the OAuth endpoints. */
  authorizationUrl: string;
  tokenUrl: string;
};

// The URL fields inside the endpoints' details, each with the key updateApiMailbox reports its error under.
const endpointErrorKeys = {
  apiBaseUrl: 'apiBaseUrl',
  authority: 'oauth.authority',
  authorizationUrl: 'oauth.authorizationUrl',
  tokenUrl: 'oauth.tokenUrl',
} as const;
type Endpoint = keyof typeof endpointErrorKeys;

export function ApiMailboxSettingsForm({
  slug,
  mailboxId,
  d,
}: {
  slug: string;
  mailboxId: string;
  d: ApiMailboxSettings;
}) {
  const { state, pending, onSubmit, fieldErrors: errors } = useKeptFormAction(updateApiMailboxAction);
  const [access, setAccess] = useState<'own' | 'shared'>(d.shared ? 'shared' : 'own');
  const form = useRef<HTMLFormElement>(null);
  // Saved: the typed secret is not kept in the page.
  useEffect(() => {
    const field = form.current?.elements.namedItem('clientSecret');
    if (state?.ok && field instanceof HTMLInputElement) field.value = '';
  }, [state]);
  // The endpoints stay as the owner opened or closed them; an error at one of them opens them once, so it is seen.
  const [endpointsOpen, setEndpointsOpen] = useState(false);
  const [answered, setAnswered] = useState(state);
  if (state !== answered) {
    setAnswered(state);
    if (Object.values(endpointErrorKeys).some((key) => errors[key])) setEndpointsOpen(true);
  }
  const graph = d.protocol === 'graph';
  const id = (name: string) => `api-edit-${name}`;
  // An endpoint's URL: the stored value, and its error.
  const endpoint = (name: Endpoint, label: string, more: { hint?: string; placeholder?: string } = {}) => (
    <Field
      id={id(name)}
      label={label}
      name={name}
      inputMode="url"
      defaultValue={d[name]}
      error={errors[endpointErrorKeys[name]]}
      {...more}
    />
  );
  return (
    <form ref={form} onSubmit={onSubmit} className="space-y-6" data-testid="api-mailbox-settings-form">
      <HiddenFields values={{ slug, mailboxId }} />
      <fieldset className="space-y-3">
        <legend className="text-sm font-semibold">Mailbox</legend>
        <Field
          id={id('displayName')}
          label="Display name (optional)"
          name="displayName"
          defaultValue={d.displayName}
          placeholder="Acme Support"
          error={errors.displayName}
        />
        {graph && d.appOnly ? (
          <p className="text-sm text-slate-700">
            App-only access reads <strong>{d.email}</strong> with the app’s own permissions; nobody signs in.
          </p>
        ) : null}
        {graph && !d.appOnly ? (
          <>
            <SelectField
              id={id('access')}
              label="Mailbox read"
              name="access"
              value={access}
              onChange={(e) => setAccess(e.target.value as 'own' | 'shared')}
              hint="Switching asks for other permissions, so the mailbox is signed in again."
              error={errors.sharedMailbox}
            >
              <option value="own">The signed-in account’s own mailbox (Mail.ReadWrite, Mail.Send)</option>
              <option value="shared">
                {d.email} as a shared mailbox, signed in as a member (Mail.ReadWrite.Shared, Mail.Send.Shared)
              </option>
            </SelectField>
            {access === 'shared' ? (
              <Field
                id={id('username')}
                label="Member who signs in"
                name="username"
                type="email"
                defaultValue={d.username}
                error={errors.username}
              />
            ) : null}
          </>
        ) : null}
        <Field
          id={id('folder')}
          label={graph ? 'Folder' : 'Label'}
          name="folder"
          required
          defaultValue={d.folder}
          hint={
            graph
              ? 'The folder’s display name, e.g. Inbox or Support. A new folder is read from its start.'
              : 'The Gmail label, e.g. INBOX or Support. A new label is read from its start.'
          }
          error={errors.folder}
        />
      </fieldset>

      <AfterProcessingFields
        idPrefix="api-edit"
        afterProcessing={d.afterProcessing}
        moveToFolder={d.moveToFolder || undefined}
        notes={{
          delete: graph
            ? 'To Deleted Items, only after its bytes and its case are saved; “View original” keeps working.'
            : 'To the trash, only after its bytes and its case are saved; “View original” keeps working.',
          move: graph
            ? 'Keeps the mail in the mailbox; the folder is created when missing. Caseflow never reads it again.'
            : 'Adds this label and removes the label that is read (label and archive). Caseflow never reads it again.',
        }}
        moveField={{
          label: graph ? 'Move to folder' : 'Label to add',
          hint: graph ? 'Not the folder that is read.' : 'Not the label that is read.',
          error: errors.moveToFolder,
        }}
      />

      <fieldset className="space-y-3">
        <legend className="text-sm font-semibold">Cases</legend>
        <CheckboxField
          name="createCases"
          defaultChecked={d.createCases}
          label="Create cases from new messages (off: only replies to existing cases are added)"
        />
        <Field
          id={id('pollIntervalSeconds')}
          label="Check for new mail every (seconds)"
          name="pollIntervalSeconds"
          inputMode="numeric"
          defaultValue={d.pollIntervalSeconds}
          error={errors.pollIntervalSeconds}
        />
      </fieldset>

      <fieldset className="space-y-3">
        <legend className="text-sm font-semibold">App registration</legend>
        {graph ? (
          <Field
            id={id('directory')}
            label="Directory (tenant) ID or domain"
            name="directory"
            required
            defaultValue={d.directory}
            hint="Entra ID → Overview → Directory (tenant) ID. A new directory needs the client secret again."
            error={errors['oauth.tenant'] ?? errors.directory}
          />
        ) : null}
        <Field
          id={id('clientId')}
          label="Client ID"
          name="clientId"
          required
          autoComplete="off"
          defaultValue={d.clientId}
          hint="A new client ID needs its client secret."
          error={errors['oauth.clientId'] ?? errors.clientId}
        />
        <Field
          id={id('clientSecret')}
          label="Client secret"
          name="clientSecret"
          type="password"
          autoComplete="new-password"
          hint={
            d.hasClientSecret
              ? 'Stored (sealed), never shown. Leave empty to keep it; a new API URL, directory, endpoint or client needs it again.'
              : 'None stored. A new API URL, directory, endpoint or client needs one.'
          }
          error={errors['oauth.clientSecret']}
        />
        <Field
          id={id('clientSecretExpiresAt')}
          label="Secret’s expiry date (optional)"
          name="clientSecretExpiresAt"
          type="date"
          defaultValue={d.clientSecretExpiresAt}
          hint={`${graph ? 'Entra ID shows it under Certificates & secrets. ' : ''}Owners and admins are mailed 14, 3 and 1 days before; a new secret needs its own date, and an empty field sends no warning.`}
          error={errors['oauth.clientSecretExpiresAt']}
        />
      </fieldset>

      <details
        className="rounded-md border border-slate-200 p-3"
        open={endpointsOpen}
        onToggle={(e) => setEndpointsOpen(e.currentTarget.open)}
        data-testid="api-mailbox-endpoints"
      >
        <summary className="cursor-pointer text-sm font-medium">Endpoints (national clouds, testing)</summary>
        <div className="mt-3 space-y-3">
          {endpoint('apiBaseUrl', 'API URL', {
            placeholder: d.defaultApiBaseUrl,
            hint: `Empty: ${d.defaultApiBaseUrl}. The access token is sent here, so a new URL needs the client secret again.`,
          })}
          {graph ? (
            endpoint('authority', 'Sign-in authority', {
              hint: 'Where tokens are asked for, before the directory (https://login.microsoftonline.com).',
            })
          ) : (
            <>
              {endpoint('authorizationUrl', 'Authorization URL')}
              {endpoint('tokenUrl', 'Token URL')}
            </>
          )}
        </div>
      </details>

      <ActionFeedback
        state={state}
        success={(data) =>
          data.reauthorize
            ? 'Saved. The old authorization was dropped: sign in again with “Get authorization code” above.'
            : 'Saved.'
        }
      />
      <ActionButton type="submit" pending={pending} pendingText="Saving…">
        Save settings
      </ActionButton>
    </form>
  );
}
