import type { Metadata } from 'next';
import Link from 'next/link';
import { requireTenant } from '@/lib/auth/require-tenant';
import { listContacts } from '@/lib/contacts/list-contacts';
import { getOrganization } from '@/lib/contacts/organizations';
import { withTenantOrNotFound } from '../../_lib/with-tenant-or-not-found';
import {
  ContactCasesPanel,
  loadContactCasesPage,
  type RecordWithCasesPageProps,
} from '../../contacts/[id]/contact-cases-panel';
import { OrganizationForm } from '../../contacts/contact-forms';

export const metadata: Metadata = { title: 'Organization' };

// One organisation: its domains, its contacts and all their cases (paginated); edit name and domains.
export default async function OrganizationPage({ params, searchParams }: RecordWithCasesPageProps) {
  const { slug, id } = await params;
  const { cursor } = await searchParams;
  const { tenant } = await requireTenant(slug);
  const { org, people, cases } = await withTenantOrNotFound(tenant.id, async (tx) => {
    const org = await getOrganization(tx, { id });
    const people = await listContacts(tx, { organizationId: org.id, limit: 200 });
    const cases = await loadContactCasesPage(tx, { organizationId: org.id }, cursor);
    return { org, people, cases };
  });
  const base = `/t/${tenant.slug}`;
  return (
    <div className="max-w-4xl space-y-6">
      <header className="space-y-1">
        <p className="text-sm">
          <Link href={`${base}/organizations`} className="text-indigo-700 hover:underline">
            Organizations
          </Link>
        </p>
        <h1 className="break-words text-2xl font-semibold">{org.name}</h1>
        <p className="text-sm text-slate-600">{org.domains.join(', ') || 'No domains'}</p>
      </header>
      <section className="space-y-2">
        <h2 className="text-lg font-semibold">
          Contacts <span className="text-sm font-normal text-slate-500">({org.contactCount})</span>
        </h2>
        <ul className="flex flex-wrap gap-2 text-sm">
          {people.items.map((c) => (
            <li key={c.id}>
              <Link href={`${base}/contacts/${c.id}`} className="text-indigo-700 hover:underline">
                {c.name ?? c.email}
              </Link>
            </li>
          ))}
        </ul>
      </section>
      <ContactCasesPanel slug={tenant.slug} cases={cases} pageHref={`${base}/organizations/${org.id}`} showRequester />
      <section className="max-w-md rounded-lg bg-white p-4 shadow-sm">
        <OrganizationForm slug={tenant.slug} id={org.id} name={org.name} domains={org.domains} />
      </section>
    </div>
  );
}
