import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { withTenant } from '@/db/tenancy';
import { requireTenant } from '@/lib/auth/require-tenant';
import { isCursorError } from '@/lib/cases/queries/keyset-cursor';
import { listContactCases } from '@/lib/contacts/list-contact-cases';
import { listContacts } from '@/lib/contacts/list-contacts';
import { getOrganization } from '@/lib/contacts/organizations';
import { isAppError } from '@/lib/errors';
import { CaseList } from '../../contacts/case-list';
import { OrganizationForm } from '../../contacts/contact-forms';

export const metadata: Metadata = { title: 'Organization' };

// One organisation: its domains, its contacts and all their cases (paginated); edit name and domains.
export default async function OrganizationPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string; id: string }>;
  searchParams: Promise<{ cursor?: string }>;
}) {
  const { slug, id } = await params;
  const { cursor } = await searchParams;
  const { tenant } = await requireTenant(slug);
  const loaded = await withTenant(tenant.id, async (tx) => {
    const org = await getOrganization(tx, { tenantId: tenant.id, id });
    const people = await listContacts(tx, { organizationId: org.id, limit: 200 });
    const cases = await listContactCases(tx, { organizationId: org.id }, { cursor, limit: 50 }).catch((err) => {
      if (isCursorError(err)) return listContactCases(tx, { organizationId: org.id }, { limit: 50 });
      throw err;
    });
    return { org, people, cases };
  }).catch((err) => {
    if (isAppError(err) && err.code === 'not_found') return null;
    throw err;
  });
  if (!loaded) notFound();
  const { org, people, cases } = loaded;
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
      <section className="space-y-2">
        <h2 className="text-lg font-semibold">Cases</h2>
        <CaseList
          slug={tenant.slug}
          items={cases.items}
          showRequester
          nextHref={cases.nextCursor ? `${base}/organizations/${org.id}?cursor=${cases.nextCursor}` : null}
        />
      </section>
      <section className="max-w-md rounded-lg bg-white p-4 shadow-sm">
        <OrganizationForm slug={tenant.slug} id={org.id} name={org.name} domains={org.domains} />
      </section>
    </div>
  );
}
