import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { DisplayText } from '@/app/_components/display-text';
import { getContact } from '@/lib/contacts/get-contact';
import { listOrganizations } from '@/lib/contacts/organizations';
import { ContactEditForm, MergeContactForm } from '../contact-forms';
import { ContactCasesPanel, loadContactCasesPage } from './contact-cases-panel';
import { loadRecordPage, RecordHeader, type RecordWithCasesPageProps } from './record-page';

export const metadata: Metadata = { title: 'Contact' };

// One contact: its addresses, organisation and all its cases (paginated); edit it, merge another into it.
export default async function ContactPage(props: RecordWithCasesPageProps) {
  const { slug, id, base, contact, organizations, cases } = await loadRecordPage(props, async (tx, asked) => {
    const contact = await getContact(tx, { id: asked.id });
    const organizations = await listOrganizations(tx);
    const cases = await loadContactCasesPage(tx, { contactId: contact.id }, asked.cursor);
    return { contact, organizations, cases };
  });
  // A merged contact's old id shows the contact it joined, under its own URL.
  if (contact.id !== id) redirect(`${base}/contacts/${contact.id}`);
  return (
    <div className="max-w-4xl space-y-6">
      <RecordHeader
        back={{ href: `${base}/contacts`, label: 'Contacts' }}
        title={contact.name ? <DisplayText text={contact.name} max={200} /> : contact.email}
        titleTestId="contact-name"
      >
        <p className="text-sm text-slate-600" data-testid="contact-addresses">
          {contact.addresses.join(', ')}
        </p>
        {contact.organization ? (
          <p className="text-sm">
            <Link href={`${base}/organizations/${contact.organization.id}`} className="text-indigo-700 hover:underline">
              {contact.organization.name}
            </Link>
          </p>
        ) : null}
      </RecordHeader>
      <ContactCasesPanel
        slug={slug}
        cases={cases}
        pageHref={`${base}/contacts/${contact.id}`}
        count={contact.caseCount}
      />
      <div className="grid gap-6 md:grid-cols-2">
        <section className="rounded-lg bg-white p-4 shadow-sm">
          <ContactEditForm
            slug={slug}
            id={contact.id}
            name={contact.name}
            organizationId={contact.organizationId}
            organizations={organizations.map((o) => ({ id: o.id, name: o.name }))}
          />
        </section>
        <section className="rounded-lg bg-white p-4 shadow-sm">
          <MergeContactForm slug={slug} id={contact.id} />
        </section>
      </div>
    </div>
  );
}
