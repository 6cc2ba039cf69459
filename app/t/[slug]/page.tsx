import type { Metadata } from 'next';
import Link from 'next/link';
import { requireTenant } from '@/lib/auth/require-tenant';
import { hasRole, MANAGE_ROLE } from '@/lib/auth/roles';
import { NeedsReauthBanner } from './settings/mailboxes/_components/oauth-panel';

export const metadata: Metadata = { title: 'Home' };

export default async function TenantHome({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { tenant, role } = await requireTenant(slug);
  return (
    <>
      <h1 className="text-2xl font-semibold">{tenant.name}</h1>
      {/* OAuth mailboxes whose grant died: the owner is told here too. */}
      <div className="mt-4 empty:hidden">
        <NeedsReauthBanner slug={tenant.slug} />
      </div>
      <section className="mt-8 rounded-lg border border-dashed border-slate-300 bg-white px-6 py-12 text-center">
        <h2 className="text-lg font-semibold">No cases yet</h2>
        {hasRole(role, MANAGE_ROLE) ? (
          <>
            <p className="mx-auto mt-2 max-w-md text-sm text-slate-600">
              Connect a support mailbox and every new email becomes a case; replies join their case automatically.
            </p>
            <Link
              href={`/t/${tenant.slug}/settings/mailboxes`}
              className="mt-6 inline-block rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-700 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:ring-offset-2"
            >
              Connect a mailbox
            </Link>
          </>
        ) : (
          <p className="mx-auto mt-2 max-w-md text-sm text-slate-600">
            Cases appear here once an owner or admin connects a mailbox. Go to{' '}
            <Link href={`/t/${tenant.slug}/cases`} className="text-indigo-700 underline">
              Cases
            </Link>
            .
          </p>
        )}
      </section>
    </>
  );
}
