import type { Metadata } from 'next';
import Link from 'next/link';
import { withTenant } from '@/db/tenancy';
import { AutoRefresh } from '@/app/_components/auto-refresh';
import { formatDate } from '@/app/_components/format-date';
import { requireTenant } from '@/lib/auth/require-tenant';
import { MANAGE_ROLE } from '@/lib/auth/roles';
import { countMailboxCases } from '@/lib/mailboxes/count-mailbox-cases';
import { listMailboxes } from '@/lib/mailboxes/list-mailboxes';
import { MailboxStateBadge } from './_components/mailbox-state-badge';

export const metadata: Metadata = { title: 'Mailboxes' };

export default async function MailboxesPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { tenant } = await requireTenant(slug, { role: MANAGE_ROLE });
  const { rows, counts } = await withTenant(tenant.id, async (tx) => ({
    rows: await listMailboxes(tx),
    counts: await countMailboxCases(tx),
  }));
  const base = `/t/${tenant.slug}/settings/mailboxes`;
  const busy = rows.some((m) => m.state === 'importing');

  return (
    <div className="max-w-5xl space-y-6">
      {busy ? <AutoRefresh intervalMs={2000} /> : null}
      <header className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">Mailboxes</h1>
          <p className="mt-1 text-sm text-slate-600">
            Every new email to a connected mailbox becomes a case; replies join their case. Processed messages are
            removed from the server.
          </p>
        </div>
        <Link
          href={`${base}/new`}
          className="rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-700 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:ring-offset-2"
        >
          Connect a mailbox
        </Link>
      </header>

      {rows.length === 0 ? (
        <section
          className="rounded-lg border border-dashed border-slate-300 bg-white px-6 py-12 text-center"
          data-testid="mailboxes-empty"
        >
          <h2 className="text-lg font-semibold">No mailboxes yet</h2>
          <p className="mx-auto mt-2 max-w-md text-sm text-slate-600">
            Connect a mailbox dedicated to support (for example support@yourcompany.com). Type its address and password;
            we fill in the server settings for common providers.
          </p>
          <Link
            href={`${base}/new`}
            className="mt-5 inline-block rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-700"
          >
            Connect your first mailbox
          </Link>
        </section>
      ) : (
        <ul className="divide-y divide-slate-200 overflow-hidden rounded-lg bg-white shadow-sm" aria-label="Mailboxes">
          {rows.map((m) => {
            const c = counts.get(m.id);
            return (
              <li key={m.id} className="relative px-4 py-4 hover:bg-slate-50" data-testid="mailbox-row">
                <div className="flex flex-wrap items-center gap-3">
                  <Link
                    href={`${base}/${m.id}`}
                    className="min-w-0 flex-1 truncate font-medium text-slate-900 after:absolute after:inset-0 focus:outline-none focus-visible:underline"
                  >
                    {m.displayName ? `${m.displayName} <${m.email}>` : m.email}
                  </Link>
                  <MailboxStateBadge
                    state={m.state}
                    progress={m.importTotal != null ? { processed: m.importProcessed, total: m.importTotal } : null}
                  />
                </div>
                <div className="mt-1 flex flex-wrap gap-x-4 text-xs text-slate-500">
                  <span>
                    {m.protocol.toUpperCase()} · {m.host}:{m.port}
                  </span>
                  <span>Last successful sync: {m.lastSyncAt ? formatDate(m.lastSyncAt) : 'never'}</span>
                  <span>
                    {c?.cases ?? 0} cases ({c?.open ?? 0} not closed)
                  </span>
                  <span>{c?.ignored ?? 0} ignored</span>
                </div>
                {m.state === 'error' || m.state === 'needs_reauth' ? (
                  <p className="mt-1 text-xs text-red-700">{m.lastError ?? 'The last sync failed.'}</p>
                ) : null}
                {m.state === 'draft' ? (
                  <p className="mt-1 text-xs text-slate-600">
                    Setup not finished: open it to test the connection and start the import.
                  </p>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
