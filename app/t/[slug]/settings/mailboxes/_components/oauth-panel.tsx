// OAuth 2.0 for mailboxes. In the new-mailbox wizard: the OAuth settings and "Save and
// get authorization code". On a mailbox's page: the needs-reauth banner, the grant's status,
// "Get authorization code", the paste-the-code form, the message count after authorizing, and the
// OAuth settings (an API mailbox's are in its Settings). Also NeedsReauthBanner for the tenant's home page.
import Link from 'next/link';
import { Fragment, Suspense } from 'react';
import { withTenant } from '@/db/tenancy';
import { appOrigin } from '@/app/_lib/app-origin';
import { formatDate } from '@/app/_components/format-date';
import { requireTenant } from '@/lib/auth/require-tenant';
import { MANAGE_ROLE } from '@/lib/auth/roles';
import { credentialLabel } from '@/lib/mailboxes/credential-health';
import { getMailbox } from '@/lib/mailboxes/get-mailbox';
import { isApiProtocol } from '@/lib/mailboxes/open-api-source';
import { listMailboxesNeedingReauth } from '@/lib/mailboxes/list-mailboxes-needing-reauth';
import { toPublicOAuth } from '@/lib/mailboxes/oauth/public-oauth';
import { defaultRedirectUri } from '@/lib/mailboxes/oauth/oauth-settings';
import {
  AuthorizedCount,
  GetAuthorizationCode,
  OAuthSettingsForm,
  OAuthWizardForm,
  PasteCodeForm,
} from './oauth-panel-forms';

type Props = {
  slug: string;
  mode: 'wizard' | 'mailbox';
  mailboxId?: string;
  email?: string;
  /** Wizard: the provider the chosen source preselects (the form then starts open). */
  provider?: 'google' | 'microsoft';
};

export async function OAuthPanel({ slug, mode, mailboxId, provider }: Props) {
  const { tenant } = await requireTenant(slug, { role: MANAGE_ROLE });
  const callback = defaultRedirectUri(await appOrigin());
  if (mode === 'wizard')
    return <OAuthWizardForm slug={tenant.slug} callbackUrl={callback} provider={provider} open={Boolean(provider)} />;
  if (!mailboxId) return null;
  const row = await withTenant(tenant.id, (tx) => getMailbox(tx, mailboxId));
  const o = toPublicOAuth(row);
  // App-only access (client credentials): nobody signs in, so there is no authorization to get.
  if (!o || row.oauthGrantType === 'client_credentials') return null;

  return (
    <section
      aria-labelledby="oauth-heading"
      className="space-y-4 rounded-lg bg-white p-5 shadow-sm"
      data-testid="oauth-panel"
    >
      <h2 id="oauth-heading" className="text-lg font-semibold">
        Sign-in with OAuth 2.0
      </h2>
      {row.state === 'needs_reauth' || (row.state !== 'draft' && !o.authorized) ? (
        <div
          role="alert"
          className="rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900"
          data-testid="needs-reauth-banner"
        >
          <p className="font-medium">This mailbox needs you to sign in again.</p>
          <p className="mt-1">
            {row.state === 'needs_reauth'
              ? 'The provider no longer accepts Caseflow’s access (consent withdrawn, password changed, or the grant expired).'
              : 'Its settings changed (another client, endpoint or mailbox), so the old authorization was dropped: it was only ever used where it was given.'}{' '}
            No mail is fetched until you use “Get authorization code” below; Caseflow then carries on where it stopped.
          </p>
        </div>
      ) : null}
      <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
        <dt className="text-slate-500">Status</dt>
        <dd data-testid="oauth-status">
          {o.authorized ? `Authorized${o.accountEmail ? ` as ${o.accountEmail}` : ''}` : 'Not authorized yet'}
        </dd>
        <dt className="text-slate-500">Provider</dt>
        <dd>{o.provider}</dd>
        {o.grantedScopes ? (
          <>
            <dt className="text-slate-500">Granted scopes</dt>
            <dd className="break-all font-mono text-xs">{o.grantedScopes}</dd>
          </>
        ) : null}
        {o.accessTokenExpiresAt ? (
          <>
            <dt className="text-slate-500">Access token valid until</dt>
            <dd>{formatDate(new Date(o.accessTokenExpiresAt))} (renewed automatically)</dd>
          </>
        ) : null}
        {o.credentialExpiries.map((e) => (
          <Fragment key={e.kind}>
            <dt className="text-slate-500">{credentialLabel[e.kind]} expires</dt>
            <dd data-testid="credential-expiry">
              {formatDate(new Date(e.expiresAt))}. <span className="text-slate-600">{e.advice}</span>
            </dd>
          </Fragment>
        ))}
      </dl>
      {row.state === 'draft' && o.authorized ? (
        <Suspense fallback={null}>
          <AuthorizedCount slug={tenant.slug} mailboxId={row.id} />
        </Suspense>
      ) : null}
      <GetAuthorizationCode
        slug={tenant.slug}
        mailboxId={row.id}
        again={o.authorized || row.state === 'needs_reauth'}
      />
      <PasteCodeForm
        slug={tenant.slug}
        mailboxId={row.id}
        open={Boolean(o.redirectUri && o.redirectUri !== callback)}
      />
      {/* A Graph or Gmail API mailbox's client and endpoints are in its Settings (api-mailbox-settings-form.tsx). */}
      {isApiProtocol(row.protocol) ? null : (
        <details className="rounded-md border border-slate-200 p-3">
          <summary className="cursor-pointer text-sm font-medium">OAuth settings</summary>
          <div className="mt-3">
            <OAuthSettingsForm
              slug={tenant.slug}
              mailboxId={row.id}
              callbackUrl={callback}
              defaults={{
                provider: o.provider ?? 'custom',
                clientId: o.clientId ?? '',
                hasClientSecret: o.hasClientSecret,
                scope: o.scope ?? '',
                authorizationUrl: o.authorizationUrl ?? '',
                tokenUrl: o.tokenUrl ?? '',
                redirectUri: o.redirectUri ?? '',
                clientSecretExpiresAt: o.clientSecretExpiresAt?.slice(0, 10) ?? '',
              }}
            />
          </div>
        </details>
      )}
    </section>
  );
}

/** For the tenant's home page: every mailbox waiting for its owner to sign in again. */
export async function NeedsReauthBanner({ slug }: { slug: string }) {
  const { tenant } = await requireTenant(slug);
  const waiting = await withTenant(tenant.id, (tx) => listMailboxesNeedingReauth(tx));
  if (waiting.length === 0) return null;
  return (
    <div
      role="alert"
      className="rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900"
      data-testid="needs-reauth-home-banner"
    >
      <p className="font-medium">
        {waiting.length === 1 ? 'A mailbox needs' : `${waiting.length} mailboxes need`} you to sign in again:
      </p>
      <ul className="mt-1 list-disc pl-5">
        {waiting.map((m) => (
          <li key={m.id}>
            <Link href={`/t/${tenant.slug}/settings/mailboxes/${m.id}`} className="underline">
              {m.email}
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}
