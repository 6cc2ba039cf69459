import type { Metadata } from 'next';
import Link from 'next/link';
import { DisplayText, LIST_TEXT_MAX } from '@/app/_components/display-text';
import { PageHeader } from '@/app/_components/page-header';
import { withTenant } from '@/db/tenancy';
import { requireTenant } from '@/lib/auth/require-tenant';
import { isCursorError } from '@/lib/cases/queries/keyset-cursor';
import { listContacts } from '@/lib/contacts/list-contacts';

export const metadata: Metadata = { title: 'Contacts' };

// The tenant's contacts, newest first, searchable by address or name.
export default async function ContactsPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<{ q?: string; cursor?: string }>;
}) {
  const { slug } = await params;
  const sp = await searchParams;
  const { tenant } = await requireTenant(slug);
  const q = sp.q?.slice(0, 200);
  const list = await withTenant(tenant.id, (tx) => listContacts(tx, { q, cursor: sp.cursor, limit: 50 })).catch(
    (err) => {
      if (isCursorError(err)) return withTenant(tenant.id, (tx) => listContacts(tx, { q, limit: 50 }));
      throw err;
    },
  );
  const base = `/t/${tenant.slug}/contacts`;
  const next = list.nextCursor
    ? `${base}?${new URLSearchParams({ ...(q ? { q } : {}), cursor: list.nextCursor })}`
    : null;
  return (
    <div className="max-w-4xl space-y-6">
      <PageHeader title="Contacts">
        The people who write to you: made from the requesters of new cases when the mailbox creates contacts.
      </PageHeader>
      <form method="get" className="flex gap-2" role="search">
        <input
          name="q"
          defaultValue={q ?? ''}
          aria-label="Search contacts"
          placeholder="Address or name"
          className="w-72 rounded-md border border-slate-300 px-3 py-1.5 text-sm"
        />
        <button type="submit" className="rounded-md bg-slate-800 px-3 py-1.5 text-sm font-medium text-white">
          Search
        </button>
      </form>
      {list.items.length ? (
        <ul className="divide-y divide-slate-200 rounded-lg bg-white shadow-sm" aria-label="Contacts">
          {list.items.map((c) => (
            <li key={c.id} className="p-3 text-sm">
              <Link href={`${base}/${c.id}`} className="font-medium text-indigo-700 hover:underline">
                {c.name ? <DisplayText text={c.name} max={LIST_TEXT_MAX} /> : c.email}
              </Link>
              {c.name ? <span className="text-slate-600"> {c.email}</span> : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-sm text-slate-600">No contacts{q ? ' match' : ' yet'}.</p>
      )}
      {next ? (
        <Link href={next} className="text-sm text-indigo-700 underline">
          More contacts
        </Link>
      ) : null}
    </div>
  );
}
