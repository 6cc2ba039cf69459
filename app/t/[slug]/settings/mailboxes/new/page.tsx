import type { Metadata } from 'next';
import Link from 'next/link';
import { requireTenant } from '@/lib/auth/require-tenant';
import { MANAGE_ROLE } from '@/lib/auth/roles';
import { appOrigin } from '@/app/_lib/app-origin';
import { defaultRedirectUri } from '@/lib/mailboxes/oauth/oauth-settings';
import { ApiMailboxForm } from '../_components/api-mailbox-form';
import { OAuthPanel } from '../_components/oauth-panel';
import { MailboxWizard } from './mailbox-wizard';

export const metadata: Metadata = { title: 'Connect a mailbox' };

export default async function NewMailboxPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { tenant } = await requireTenant(slug, { role: MANAGE_ROLE });
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
          server once it is stored.
        </p>
      </header>
      {/* OAuth slot: "Sign in with Google / Microsoft" (lives in ../_components/oauth-panel.tsx). */}
      <OAuthPanel slug={tenant.slug} mode="wizard" />
      <ApiMailboxForm slug={tenant.slug} callbackUrl={defaultRedirectUri(await appOrigin())} />
      <MailboxWizard slug={tenant.slug} />
    </div>
  );
}
