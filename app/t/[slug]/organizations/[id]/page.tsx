import type { Metadata } from 'next';
import Link from 'next/link';
import { listContacts } from '@/lib/contacts/list-contacts';
import { getOrganization } from '@/lib/contacts/organizations';
import { ContactCasesPanel, loadContactCasesPage } from '../../contacts/[id]/contact-cases-panel';
import { loadRecordPage, RecordHeader, type RecordWithCasesPageProps } from '../../contacts/[id]/record-page';
import { OrganizationForm } from '../../contacts/contact-forms';

export const metadata: Metadata = { title: 'Organization' };

// One organisation: its domains, its contacts and all their cases (paginated); edit name and domains.
export default async function OrganizationPage(props: RecordWithCasesPageProps) {
  const { slug, base, org, people, cases } = await loadRecordPage(props, async (tx, asked) => {
    const org = await getOrganization(tx, { id: asked.id });
    const people = await listContacts(tx, { organizationId: org.id, limit: 200 });
    const cases = await loadContactCasesPage(tx, { organizationId: org.id }, asked.cursor);
    return { org, people, cases };
  });
  return (
    <div className="max-w-4xl space-y-6">
      <RecordHeader back={{ href: `${base}/organizations`, label: 'Organizations' }} title={org.name}>
        <p className="text-sm text-slate-600">{org.domains.join(', ') || 'No domains'}</p>
      </RecordHeader>
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
      <ContactCasesPanel slug={slug} cases={cases} pageHref={`${base}/organizations/${org.id}`} showRequester />
      <section className="max-w-md rounded-lg bg-white p-4 shadow-sm">
        <OrganizationForm slug={slug} id={org.id} name={org.name} domains={org.domains} />
      </section>
    </div>
  );
}
