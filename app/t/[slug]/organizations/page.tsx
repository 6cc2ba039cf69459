import type { Metadata } from 'next';
import Link from 'next/link';
import { withTenant } from '@/db/tenancy';
import { requireTenant } from '@/lib/auth/require-tenant';
import { listOrganizations } from '@/lib/contacts/organizations';
import { OrganizationForm } from '../contacts/contact-forms';

export const metadata: Metadata = { title: 'Organizations' };

// The tenant's organisations with their domains; a new one takes in the contacts of its domains.
export default async function OrganizationsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { tenant } = await requireTenant(slug);
  const orgs = await withTenant(tenant.id, (tx) => listOrganizations(tx));
  const base = `/t/${tenant.slug}/organizations`;
  return (
    <div className="max-w-4xl space-y-6">
      <header className="space-y-1">
        <h1 className="text-2xl font-semibold">Organizations</h1>
        <p className="text-sm text-slate-600">
          A contact belongs to the organization that owns the domain of their address.
        </p>
      </header>
      {orgs.length ? (
        <ul className="divide-y divide-slate-200 rounded-lg bg-white shadow-sm" aria-label="Organizations">
          {orgs.map((o) => (
            <li key={o.id} className="p-3 text-sm">
              <Link href={`${base}/${o.id}`} className="font-medium text-indigo-700 hover:underline">
                {o.name}
              </Link>
              <span className="text-slate-600"> {o.domains.join(', ')}</span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-sm text-slate-600">No organizations yet.</p>
      )}
      <section className="max-w-md rounded-lg bg-white p-4 shadow-sm">
        <h2 className="mb-2 text-lg font-semibold">New organization</h2>
        <OrganizationForm slug={tenant.slug} />
      </section>
    </div>
  );
}
