import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound, redirect } from 'next/navigation';
import { DisplayText } from '@/app/_components/display-text';
import { withTenant } from '@/db/tenancy';
import { requireTenant } from '@/lib/auth/require-tenant';
import { isCursorError } from '@/lib/cases/queries/keyset-cursor';
import { getContact } from '@/lib/contacts/get-contact';
import { listContactCases } from '@/lib/contacts/list-contact-cases';
import { listOrganizations } from '@/lib/contacts/organizations';
import { isAppError } from '@/lib/errors';
import { CaseList } from '../case-list';
import { ContactEditForm, MergeContactForm } from '../contact-forms';

export const metadata: Metadata = { title: 'Contact' };

// One contact: its addresses, organisation and all its cases (paginated); edit it, merge another into it.
export default async function ContactPage({
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
    const contact = await getContact(tx, { tenantId: tenant.id, id });
    const organizations = await listOrganizations(tx);
    const cases = await listContactCases(tx, { contactId: contact.id }, { cursor, limit: 50 }).catch((err) => {
      if (isCursorError(err)) return listContactCases(tx, { contactId: contact.id }, { limit: 50 });
      throw err;
    });
    return { contact, organizations, cases };
  }).catch((err) => {
    if (isAppError(err) && err.code === 'not_found') return null;
    throw err;
  });
  if (!loaded) notFound();
  const { contact, organizations, cases } = loaded;
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
      <section className="space-y-2">
        <h2 className="text-lg font-semibold">
          Cases <span className="text-sm font-normal text-slate-500">({contact.caseCount})</span>
        </h2>
        <CaseList
          slug={tenant.slug}
          items={cases.items}
          nextHref={cases.nextCursor ? `${base}/contacts/${contact.id}?cursor=${cases.nextCursor}` : null}
        />
      </section>
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
