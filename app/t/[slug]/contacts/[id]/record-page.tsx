// What the contact page and the organisation page share: the load (the URL's workspace with its membership
// checked, then the record and its page of cases in the tenant's transaction; a record that is missing or
// another tenant's renders the 404 page) and the header with the link back to the list.
import Link from 'next/link';
import type { ReactNode } from 'react';
import type { TenantTx } from '@/db/tenancy';
import { requireTenant } from '@/lib/auth/require-tenant';
import { withTenantOrNotFound } from '../../_lib/with-tenant-or-not-found';

/** The props of a page that shows one record and its cases (`?cursor=` is the page of the cases). */
export type RecordWithCasesPageProps = {
  params: Promise<{ slug: string; id: string }>;
  searchParams: Promise<{ cursor?: string }>;
};

/** The workspace's slug, the id asked for, `base` (`/t/<slug>`), and what `load` returned. */
export async function loadRecordPage<T>(
  { params, searchParams }: RecordWithCasesPageProps,
  load: (tx: TenantTx, asked: { id: string; cursor?: string }) => Promise<T>,
): Promise<T & { slug: string; id: string; base: string }> {
  const { slug, id } = await params;
  const { cursor } = await searchParams;
  const { tenant } = await requireTenant(slug);
  const loaded = await withTenantOrNotFound(tenant.id, (tx) => load(tx, { id, cursor }));
  return { ...loaded, slug: tenant.slug, id, base: `/t/${tenant.slug}` };
}

export function RecordHeader({
  back,
  title,
  titleTestId,
  children,
}: {
  /** The list the record belongs to. */
  back: { href: string; label: string };
  title: ReactNode;
  titleTestId?: string;
  /** The lines under the title. */
  children: ReactNode;
}) {
  return (
    <header className="space-y-1">
      <p className="text-sm">
        <Link href={back.href} className="text-indigo-700 hover:underline">
          {back.label}
        </Link>
      </p>
      <h1 className="break-words text-2xl font-semibold" data-testid={titleTestId}>
        {title}
      </h1>
      {children}
    </header>
  );
}
