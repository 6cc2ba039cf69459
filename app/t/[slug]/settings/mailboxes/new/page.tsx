import type { Metadata } from 'next';
import Link from 'next/link';
import { withTenant } from '@/db/tenancy';
import { appOrigin } from '@/app/_lib/app-origin';
import { requireTenant } from '@/lib/auth/require-tenant';
import { MANAGE_ROLE } from '@/lib/auth/roles';
import { env } from '@/lib/env';
import { defaultRedirectUri } from '@/lib/mailboxes/oauth/oauth-settings';
import { listMembers } from '@/lib/members/list-members';
import { ApiMailboxForm } from '../_components/api-mailbox-form';
import { OAuthPanel } from '../_components/oauth-panel';
import { ForwardWizard } from './forward-wizard';
import { MailboxWizard } from './mailbox-wizard';
import { isWizardSource, SourceSteps, wizardSources, type WizardSource } from './source-steps';

export const metadata: Metadata = { title: 'Connect a mailbox' };

export default async function NewMailboxPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<{ source?: string }>;
}) {
  const { slug } = await params;
  const { source: asked } = await searchParams;
  const { tenant } = await requireTenant(slug, { role: MANAGE_ROLE });
  const source: WizardSource = isWizardSource(asked) ? asked : 'password';
  const members = await withTenant(tenant.id, (tx) => listMembers(tx));
  const callbackUrl = defaultRedirectUri(await appOrigin());
  const base = `/t/${tenant.slug}/settings/mailboxes/new`;
  return (
    <div className="max-w-2xl space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link href={`/t/${tenant.slug}/settings/mailboxes`} className="text-indigo-700 underline">
          ← Mailboxes
        </Link>
      </nav>
      <header>
        <h1 className="text-2xl font-semibold">Connect a mailbox</h1>
        <p className="mt-1 text-sm text-slate-600">
          Use a mailbox dedicated to support: Caseflow imports what is in it and then removes each message from the
          server once it is stored (or moves it to a folder, if you choose so).
        </p>
      </header>

      <nav aria-label="How mail reaches Caseflow" data-testid="wizard-sources">
        <ul className="grid gap-2 sm:grid-cols-2">
          {wizardSources.map((s) => (
            <li key={s.id}>
              <Link
                href={`${base}?source=${s.id}`}
                aria-current={s.id === source ? 'page' : undefined}
                className={`block rounded-md border px-3 py-2 text-sm focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 ${
                  s.id === source
                    ? 'border-indigo-500 bg-indigo-50 text-indigo-900'
                    : 'border-slate-200 bg-white text-slate-800 hover:bg-slate-50'
                }`}
              >
                <span className="font-medium">{s.label}</span>
                <span className="block text-xs text-slate-500">{s.hint}</span>
              </Link>
            </li>
          ))}
        </ul>
      </nav>

      <SourceSteps source={source} callbackUrl={callbackUrl} inboundDomain={env.INBOUND_DOMAIN ?? null} />

      {/* Keyed by source: switching sources starts its form afresh (a kept form kept the last provider). */}
      <div key={source} className="space-y-6">
        {source === 'forward' ? (
          <ForwardWizard slug={tenant.slug} available={Boolean(env.INBOUND_DOMAIN)} />
        ) : source === 'google' || source === 'microsoft' ? (
          <OAuthPanel slug={tenant.slug} mode="wizard" provider={source} />
        ) : source === 'graph' || source === 'gmail-api' ? (
          <ApiMailboxForm slug={tenant.slug} callbackUrl={callbackUrl} protocol={source} />
        ) : (
          <>
            {/* OAuth slot: "Sign in with Google / Microsoft" (lives in ../_components/oauth-panel.tsx). */}
            <OAuthPanel slug={tenant.slug} mode="wizard" />
            <ApiMailboxForm slug={tenant.slug} callbackUrl={callbackUrl} />
            <MailboxWizard
              slug={tenant.slug}
              members={members.map((m) => ({ userId: m.userId, email: m.email, name: m.name }))}
            />
          </>
        )}
      </div>
    </div>
  );
}
