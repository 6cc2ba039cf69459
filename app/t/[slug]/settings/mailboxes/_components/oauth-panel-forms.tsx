'use client';
// The interactive parts of the OAuth panel: the wizard's OAuth form, "Get authorization code",
// the paste-the-code form, the message count after authorizing, and the OAuth settings form.
import { useRouter, useSearchParams } from 'next/navigation';
import { useActionState, useEffect, useRef, useState } from 'react';
import { CheckboxField, Field, SelectField } from '@/app/_components/field';
import { ActionFeedback, FormError } from '@/app/_components/form-message';
import { HiddenFields } from '@/app/_components/hidden-fields';
import { SubmitButton } from '@/app/_components/submit-button';
import { oauthPresets, type OAuthProvider } from '@/lib/mailboxes/oauth/providers';
import { ActionButton } from './action-button';
import { AfterProcessingFields } from './after-processing-fields';
import { ImportDialog } from './import-dialog';
import { mailboxRefForm } from './mailbox-ref-form';
import { countStoredMailbox } from './stored-mailbox-test';
import { useErrorTransition } from './use-error-transition';
import { useKeptFormAction } from './use-kept-form-action';
import {
  beginAuthorizationAction,
  createOAuthMailboxAction,
  pasteAuthorizationAction,
  updateOAuthSettingsAction,
  type StartedAuthorization,
} from './oauth-actions';
import { fieldErrorsOf } from '@/app/_components/field-errors';

type Endpoints = { scope: string; authorizationUrl: string; tokenUrl: string };

function presetEndpoints(provider: OAuthProvider): Endpoints {
  if (provider === 'custom') return { scope: '', authorizationUrl: '', tokenUrl: '' };
  const p = oauthPresets[provider];
  return { scope: p.scope, authorizationUrl: p.authUrl, tokenUrl: p.tokenUrl };
}

/** Provider preset, client, scope, endpoints and redirect URI; a preset change refills the endpoints. */
function OAuthFields({
  defaults,
  callbackUrl,
  errors,
  hasClientSecret,
}: {
  defaults: { provider: string; clientId: string } & Endpoints & {
      redirectUri: string;
      clientSecretExpiresAt?: string;
    };
  callbackUrl: string;
  errors: Record<string, string>;
  hasClientSecret?: boolean;
}) {
  const [provider, setProvider] = useState<OAuthProvider>(
    (['google', 'microsoft', 'custom'].includes(defaults.provider) ? defaults.provider : 'custom') as OAuthProvider,
  );
  const [endpoints, setEndpoints] = useState<Endpoints>({
    scope: defaults.scope,
    authorizationUrl: defaults.authorizationUrl,
    tokenUrl: defaults.tokenUrl,
  });
  // One endpoint field: typed freely, refilled when the preset changes.
  const endpoint = (key: keyof Endpoints, label: string, hint?: string) => (
    <Field
      id={`oauth-${key}`}
      label={label}
      name={key}
      value={endpoints[key]}
      onChange={(e) => setEndpoints({ ...endpoints, [key]: e.target.value })}
      error={errors[`oauth.${key}`]}
      hint={hint}
    />
  );
  return (
    <div className="space-y-3">
      <SelectField
        id="oauth-provider"
        label="Provider"
        name="provider"
        value={provider}
        onChange={(e) => {
          const next = e.target.value as OAuthProvider;
          setProvider(next);
          setEndpoints(presetEndpoints(next));
        }}
      >
        <option value="google">Google (Gmail, Google Workspace)</option>
        <option value="microsoft">Microsoft 365 / Outlook.com</option>
        <option value="custom">Other provider</option>
      </SelectField>
      <Field
        id="oauth-clientId"
        label="Client ID"
        name="clientId"
        defaultValue={defaults.clientId}
        autoComplete="off"
        error={errors['oauth.clientId']}
      />
      <Field
        id="oauth-clientSecret"
        label="Client secret"
        name="clientSecret"
        type="password"
        autoComplete="new-password"
        hint={
          hasClientSecret
            ? 'Stored (sealed). Leave empty to keep it. A new endpoint, client or mail server needs it again, and a new authorization.'
            : 'Leave empty for a public (desktop) client without a secret.'
        }
      />
      <Field
        id="oauth-clientSecretExpiresAt"
        label="Secret’s expiry date (optional)"
        name="clientSecretExpiresAt"
        type="date"
        defaultValue={defaults.clientSecretExpiresAt ?? ''}
        error={errors['oauth.clientSecretExpiresAt']}
        hint="The date the provider shows next to the secret (Entra ID: Certificates & secrets → Expires). Owners and admins are mailed 14, 3 and 1 days before."
      />
      {endpoint('scope', 'Scope (space-separated)')}
      <div className="space-y-1">
        <span className="block text-sm font-medium text-slate-800">Grant type</span>
        <p className="text-sm text-slate-600">Authorization code (with PKCE)</p>
      </div>
      {endpoint(
        'authorizationUrl',
        'Authorization URL',
        provider === 'microsoft'
          ? 'Replace “common” with your directory (tenant) ID to limit sign-in to your organisation.'
          : undefined,
      )}
      {endpoint('tokenUrl', 'Token URL')}
      <Field
        id="oauth-redirectUri"
        label="Redirect URI"
        name="redirectUri"
        defaultValue={defaults.redirectUri}
        placeholder={callbackUrl}
        error={errors['oauth.redirectUri']}
        hint={`Empty: ${callbackUrl} (register it at the provider). A desktop-style URI such as http://localhost works too: you then paste the code here.`}
      />
    </div>
  );
}

function go(started: StartedAuthorization) {
  // Our own callback brings the owner back by itself; another redirect URI means pasting the code.
  window.location.assign(started.authorizationUrl);
}

export function OAuthWizardForm({
  slug,
  callbackUrl,
  provider = 'google',
  open = false,
}: {
  slug: string;
  callbackUrl: string;
  /** The wizard's Google or Microsoft source preselects its provider and opens the form. */
  provider?: 'google' | 'microsoft';
  open?: boolean;
}) {
  const router = useRouter();
  const { state, pending, onSubmit, fieldErrors: errors } = useKeptFormAction(createOAuthMailboxAction);
  useEffect(() => {
    if (!state?.ok) return;
    if (state.data.external) router.push(`/t/${slug}/settings/mailboxes/${state.data.mailboxId}`);
    else go(state.data);
  }, [state, router, slug]);
  const preset = presetEndpoints(provider);
  return (
    <details className="rounded-lg bg-white p-5 shadow-sm" data-testid="oauth-wizard" open={open}>
      <summary className="cursor-pointer text-lg font-semibold">Connect with OAuth 2.0 (Gmail, Microsoft 365)</summary>
      <p className="mt-2 text-sm text-slate-600">
        Google and Microsoft no longer accept passwords for IMAP/POP: register an app at the provider, enter its client
        ID and secret, then sign in there.
      </p>
      <form onSubmit={onSubmit} className="mt-4 space-y-3" data-testid="oauth-wizard-form">
        <input type="hidden" name="slug" value={slug} />
        <Field
          id="oauth-email"
          label="Email address"
          name="email"
          type="email"
          required
          autoComplete="off"
          error={errors.email}
        />
        <Field id="oauth-displayName" label="Display name (optional)" name="displayName" error={errors.displayName} />
        <SelectField id="oauth-protocol" label="Protocol" name="protocol" defaultValue="imaps" error={errors.protocol}>
          <option value="imaps">IMAPS</option>
          <option value="pop3s">POP3S</option>
        </SelectField>
        <Field
          id="oauth-host"
          label="Server (optional)"
          name="host"
          placeholder="from the provider"
          error={errors.host}
        />
        <Field id="oauth-port" label="Port (optional)" name="port" inputMode="numeric" error={errors.port} />
        <Field
          id="oauth-username"
          label="Username (optional)"
          name="username"
          placeholder="the email address"
          error={errors.username}
        />
        <CheckboxField name="tlsVerify" defaultChecked label="Verify the server’s TLS certificate" />
        <AfterProcessingFields idPrefix="oauth" />
        <OAuthFields
          defaults={{ provider, clientId: '', redirectUri: '', ...preset }}
          callbackUrl={callbackUrl}
          errors={errors}
        />
        <FormError message={state && !state.ok ? state.error : null} />
        <ActionButton type="submit" pending={pending} pendingText="Saving…">
          Save and get authorization code
        </ActionButton>
      </form>
    </details>
  );
}

export function GetAuthorizationCode({ slug, mailboxId, again }: { slug: string; mailboxId: string; again: boolean }) {
  const { pending, error, run } = useErrorTransition();
  const [external, setExternal] = useState<string | null>(null);
  const click = () =>
    run(async () => {
      const result = await beginAuthorizationAction(null, mailboxRefForm(slug, mailboxId));
      if (!result) return;
      if (!result.ok) return result.error;
      if (result.data.external) setExternal(result.data.authorizationUrl);
      else go(result.data);
    });
  return (
    <div className="space-y-2">
      <ActionButton onClick={click} pending={pending} pendingText="Preparing…">
        Get authorization code
      </ActionButton>
      <p className="text-xs text-slate-500">
        {again
          ? 'Sign in at the provider again, e.g. after a password change.'
          : 'You sign in at the provider and allow access; you come back here afterwards.'}
      </p>
      {external ? (
        <p className="text-sm">
          <a href={external} target="_blank" rel="noopener noreferrer" className="text-indigo-700 underline">
            Open the provider’s sign-in page
          </a>
          , then paste the code (or the whole URL you land on) below.
        </p>
      ) : null}
      <FormError message={error} />
    </div>
  );
}

export function PasteCodeForm({ slug, mailboxId, open }: { slug: string; mailboxId: string; open: boolean }) {
  const [state, action] = useActionState(pasteAuthorizationAction, null);
  return (
    <details open={open} className="rounded-md border border-slate-200 p-3">
      <summary className="cursor-pointer text-sm font-medium">Paste the code instead</summary>
      <form action={action} className="mt-3 space-y-3">
        <HiddenFields values={{ slug, mailboxId }} />
        <Field
          id="oauth-answer"
          label="Authorization code or redirected URL"
          name="answer"
          autoComplete="off"
          required
          error={state && !state.ok ? state.fieldErrors.answer : undefined}
        />
        <FormError message={state && !state.ok && !state.fieldErrors.answer ? state.error : null} />
        {state?.ok ? (
          <p role="status" className="text-sm text-emerald-800">
            Authorized{state.data.accountEmail ? ` as ${state.data.accountEmail}` : ''}.
          </p>
        ) : null}
        <SubmitButton pendingText="Checking…">Use this code</SubmitButton>
      </form>
    </details>
  );
}

/** Right after authorizing a draft: the connection test's message count, and "Continue" to import. */
export function AuthorizedCount({ slug, mailboxId }: { slug: string; mailboxId: string }) {
  const params = useSearchParams();
  const justAuthorized = params.get('authorized') === '1';
  const [count, setCount] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [dialog, setDialog] = useState(false);
  const ran = useRef(false);
  useEffect(() => {
    if (!justAuthorized || ran.current) return;
    ran.current = true;
    void countStoredMailbox(slug, mailboxId).then((tested) => {
      if (tested?.ok) setCount(tested.count);
      else if (tested) setError(tested.error);
    });
  }, [justAuthorized, slug, mailboxId]);
  if (!justAuthorized) return null;
  return (
    <div
      className="space-y-2 rounded-md border border-emerald-200 bg-emerald-50 p-3 text-sm"
      data-testid="oauth-authorized"
    >
      <p className="font-medium text-emerald-900">
        {count === null && !error ? 'Authorized. Testing the connection…' : 'Authorized.'}
      </p>
      {count !== null ? (
        <>
          <p>
            <strong data-testid="oauth-message-count">{count}</strong> {count === 1 ? 'message is' : 'messages are'} in
            this mailbox: they will be imported as Closed cases and deleted from the server.
          </p>
          <ActionButton onClick={() => setDialog(true)}>Continue the import</ActionButton>
          {dialog ? (
            <ImportDialog
              slug={slug}
              mailboxId={mailboxId}
              messageCount={count}
              open
              onCancel={() => setDialog(false)}
            />
          ) : null}
        </>
      ) : null}
      <FormError message={error} />
    </div>
  );
}

export function OAuthSettingsForm({
  slug,
  mailboxId,
  callbackUrl,
  defaults,
}: {
  slug: string;
  mailboxId: string;
  callbackUrl: string;
  defaults: {
    provider: string;
    clientId: string;
    hasClientSecret: boolean;
    redirectUri: string;
    clientSecretExpiresAt?: string;
  } & Endpoints;
}) {
  const [state, action] = useActionState(updateOAuthSettingsAction, null);
  const errors = fieldErrorsOf(state);
  return (
    <form action={action} className="space-y-3">
      <HiddenFields values={{ slug, mailboxId }} />
      <OAuthFields
        defaults={defaults}
        callbackUrl={callbackUrl}
        errors={errors}
        hasClientSecret={defaults.hasClientSecret}
      />
      <ActionFeedback state={state} success="Saved. A new client or token URL needs a new authorization." />
      <SubmitButton pendingText="Saving…">Save OAuth settings</SubmitButton>
    </form>
  );
}
