import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { DisplayText } from '@/app/_components/display-text';
import { requireTenant } from '@/lib/auth/require-tenant';
import { getContact } from '@/lib/contacts/get-contact';
import { listOrganizations } from '@/lib/contacts/organizations';
import { withTenantOrNotFound } from '../../_lib/with-tenant-or-not-found';
import { ContactEditForm, MergeContactForm } from '../contact-forms';
import { ContactCasesPanel, loadContactCasesPage, type RecordWithCasesPageProps } from './contact-cases-panel';

export const metadata: Metadata = { title: 'Contact' };

// One contact: its addresses, organisation and all its cases (paginated); edit it, merge another into it.
export default async function ContactPage({ params, searchParams }: RecordWithCasesPageProps) {
  const { slug, id } = await params;
  const { cursor } = await searchParams;
  const { tenant } = await requireTenant(slug);
  const { contact, organizations, cases } = await withTenantOrNotFound(tenant.id, async (tx) => {
    const contact = await getContact(tx, { id });
    const organizations = await listOrganizations(tx);
    const cases = await loadContactCasesPage(tx, { contactId: contact.id }, cursor);
    return { contact, organizations, cases };
  });
  const base = `/t/${tenant.slug}`;
  // A merged contact's old id shows the contact it joined, under its own URL.
  if (contact.id !== id) redirect(`${base}/contacts/${contact.id}`);
  return (
    <div className="max-w-4xl space-y-6">
      <header className="space-y-1">
        <p className="text-sm">
          <Link href={`${base}/contacts`} className="text-indigo-700 hover:underline">
            Contacts
          </Link>
        </p>
        <h1 className="break-words text-2xl font-semibold" data-testid="contact-name">
          {contact.name ? <DisplayText text={contact.name} max={200} /> : contact.email}
        </h1>
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
      </header>
      <ContactCasesPanel
        slug={tenant.slug}
        cases={cases}
        pageHref={`${base}/contacts/${contact.id}`}
        count={contact.caseCount}
      />
      <div className="grid gap-6 md:grid-cols-2">
        <section className="rounded-lg bg-white p-4 shadow-sm">
          <ContactEditForm
            slug={tenant.slug}
            id={contact.id}
            name={contact.name}
            organizationId={contact.organizationId}
            organizations={organizations.map((o) => ({ id: o.id, name: o.name }))}
          />
        </section>
        <section className="rounded-lg bg-white p-4 shadow-sm">
          <MergeContactForm slug={tenant.slug} id={contact.id} />
        </section>
      </div>
    </div>
  );
}
