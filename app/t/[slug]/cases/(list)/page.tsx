import type { Metadata } from 'next';
import Link from 'next/link';
import { withTenant } from '@/db/tenancy';
import { requireTenant } from '@/lib/auth/require-tenant';
import { CASE_STATUSES } from '@/lib/cases/case-status';
import { countCasesByStatus } from '@/lib/cases/count-cases-by-status';
import { isCursorError } from '@/lib/cases/queries/keyset-cursor';
import { listCases } from '@/lib/cases/queries/list-cases';
import { searchCases } from '@/lib/cases/queries/search-cases';
import { listMailboxes } from '@/lib/mailboxes/list-mailboxes';
import { listMembers } from '@/lib/members/list-members';
import { caseRowMapper } from '../_lib/case-row';
import { listHref, parseListFilters } from '../_lib/list-filters';
import { ListShortcuts } from '../list-shortcuts';
import { LiveCaseRows, LiveCasesProvider, LiveCount } from './live-cases';

export const metadata: Metadata = { title: 'Cases' };

const PAGE_SIZE = 50;
const tabs = ['all', ...CASE_STATUSES] as const;

export default async function CasesPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { slug } = await params;
  const { tenant, user } = await requireTenant(slug);
  const filters = parseListFilters(await searchParams);
  const assignee = filters.assignee === 'mine' ? user.id : filters.assignee;
  const imported = filters.imported === undefined ? undefined : filters.imported === 'true';
  const status = filters.status === 'all' ? undefined : filters.status;
  const common = { mailboxId: filters.mailbox, assignee, imported };

  const data = await withTenant(tenant.id, async (tx) => {
    const [counts, mailboxes, members] = [
      await countCasesByStatus(tx, common),
      await listMailboxes(tx),
      await listMembers(tx, { tenantId: tenant.id }),
    ];
    const page = filters.q
      ? await searchCases(tx, { ...common, q: filters.q, status, limit: PAGE_SIZE, cursor: filters.cursor })
      : await listCases(tx, { ...common, status, limit: PAGE_SIZE, cursor: filters.cursor });
    return { counts, mailboxes, members, page };
  }).catch((err: unknown) => {
    // A stale or tampered cursor: start the list again instead of an error page. Any other error stays one.
    if (isCursorError(err)) return null;
    throw err;
  });
  if (!data) {
    return (
      <p role="alert" className="text-sm">
        That page of the list is no longer available.{' '}
        <Link href={listHref(tenant.slug, filters, {})} className="text-indigo-700 underline">
          Start from the newest cases
        </Link>
        .
      </p>
    );
  }
  const { counts, mailboxes, members, page } = data;
  const toRow = caseRowMapper({ members, mailboxes });
  // What the live list asks the server about changed cases: the filters, without the page position or words.
  const filterQuery = new URLSearchParams(
    Object.entries({
      status: status,
      mailbox: filters.mailbox,
      assignee: filters.assignee,
      imported: filters.imported,
    }).filter((e): e is [string, string] => typeof e[1] === 'string'),
  ).toString();
  const filtered = Boolean(filters.q || filters.mailbox || filters.assignee || filters.imported || status);

  return (
    <LiveCasesProvider
      key={`${filterQuery}|${filters.cursor ?? ''}|${filters.q ?? ''}`}
      slug={tenant.slug}
      filterQuery={filterQuery}
      insertNew={!filters.cursor && !filters.q}
      pageSize={PAGE_SIZE}
      initialItems={page.items.map(toRow)}
      initialCounts={counts}
    >
      <div className="space-y-5">
        <ListShortcuts hrefs={page.items.map((c) => `/t/${tenant.slug}/cases/${c.number}`)} />
        <header className="flex flex-wrap items-end justify-between gap-3">
          <h1 className="text-2xl font-semibold">Cases</h1>
          <p className="text-sm text-slate-500">
            <LiveCount tab="all" /> in all · updates automatically · <kbd className="rounded border px-1">j</kbd>/
            <kbd className="rounded border px-1">k</kbd> to move, <kbd className="rounded border px-1">Enter</kbd> to
            open
          </p>
        </header>

        <nav aria-label="Status" className="flex flex-wrap gap-1 border-b border-slate-200">
          {tabs.map((t) => {
            const active = filters.status === t;
            return (
              <Link
                key={t}
                href={listHref(tenant.slug, filters, { status: t })}
                aria-current={active ? 'page' : undefined}
                data-testid={`status-tab-${t}`}
                className={`-mb-px rounded-t-md border-b-2 px-3 py-2 text-sm capitalize focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 ${
                  active
                    ? 'border-indigo-600 font-medium text-indigo-800'
                    : 'border-transparent text-slate-600 hover:text-slate-900'
                }`}
              >
                {t}{' '}
                <span className="ml-1 rounded-full bg-slate-100 px-2 text-xs text-slate-700" data-testid={`count-${t}`}>
                  <LiveCount tab={t} />
                </span>
              </Link>
            );
          })}
        </nav>

        <form
          method="get"
          action={`/t/${tenant.slug}/cases`}
          role="search"
          className="grid gap-3 rounded-lg bg-white p-4 shadow-sm sm:grid-cols-2 lg:grid-cols-6"
        >
          {status ? <input type="hidden" name="status" value={status} /> : null}
          <div className="sm:col-span-2 lg:col-span-2">
            <label htmlFor="case-search" className="block text-xs font-medium text-slate-700">
              Search
            </label>
            <input
              id="case-search"
              name="q"
              type="search"
              defaultValue={filters.q ?? ''}
              placeholder="Subject, requester or message text"
              className="mt-1 w-full rounded-md border border-slate-300 px-3 py-2 text-sm focus:outline-none focus:ring-2 focus:ring-indigo-500"
            />
          </div>
          <div>
            <label htmlFor="filter-mailbox" className="block text-xs font-medium text-slate-700">
              Mailbox
            </label>
            <select
              id="filter-mailbox"
              name="mailbox"
              defaultValue={filters.mailbox ?? ''}
              className="mt-1 w-full rounded-md border border-slate-300 px-2 py-2 text-sm"
            >
              <option value="">Any mailbox</option>
              {mailboxes.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.email}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="filter-assignee" className="block text-xs font-medium text-slate-700">
              Assignee
            </label>
            <select
              id="filter-assignee"
              name="assignee"
              defaultValue={filters.assignee ?? ''}
              className="mt-1 w-full rounded-md border border-slate-300 px-2 py-2 text-sm"
            >
              <option value="">Anyone</option>
              <option value="mine">Mine</option>
              <option value="unassigned">Unassigned</option>
              {members.map((m) => (
                <option key={m.userId} value={m.userId}>
                  {m.name || m.email}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="filter-imported" className="block text-xs font-medium text-slate-700">
              Origin
            </label>
            <select
              id="filter-imported"
              name="imported"
              defaultValue={filters.imported ?? ''}
              className="mt-1 w-full rounded-md border border-slate-300 px-2 py-2 text-sm"
            >
              <option value="">Imported or new</option>
              <option value="false">New mail only</option>
              <option value="true">Imported only</option>
            </select>
          </div>
          <div className="flex items-end gap-2">
            <button
              type="submit"
              className="rounded-md bg-indigo-600 px-3 py-2 text-sm font-medium text-white hover:bg-indigo-700 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:ring-offset-2"
            >
              {filters.q ? 'Search' : 'Apply'}
            </button>
            {filtered ? (
              <Link href={`/t/${tenant.slug}/cases`} className="px-2 py-2 text-sm text-indigo-700 underline">
                Clear
              </Link>
            ) : null}
          </div>
        </form>

        {filters.q ? (
          <p className="text-sm text-slate-600" aria-live="polite">
            Results for “{filters.q}”,{' '}
            {'order' in page && page.order === 'recent'
              ? 'most recent first (many cases match: add words to narrow it down)'
              : 'best match first'}
            .
          </p>
        ) : null}

        <LiveCaseRows
          slug={tenant.slug}
          empty={<EmptyState slug={tenant.slug} filtered={filtered} hasMailbox={mailboxes.length > 0} />}
        />

        <nav aria-label="Pages" className="flex justify-between text-sm">
          {filters.cursor ? (
            <Link href={listHref(tenant.slug, filters, {})} className="text-indigo-700 underline">
              ← Back to the first page
            </Link>
          ) : (
            <span />
          )}
          {page.nextCursor ? (
            <Link
              href={listHref(tenant.slug, filters, { cursor: page.nextCursor })}
              className="text-indigo-700 underline"
              rel="next"
            >
              {filters.q ? 'More results →' : 'Older cases →'}
            </Link>
          ) : null}
        </nav>
      </div>
    </LiveCasesProvider>
  );
}

function EmptyState({ slug, filtered, hasMailbox }: { slug: string; filtered: boolean; hasMailbox: boolean }) {
  return (
    <section
      className="rounded-lg border border-dashed border-slate-300 bg-white px-6 py-12 text-center"
      data-testid="cases-empty"
    >
      {filtered ? (
        <>
          <h2 className="text-lg font-semibold">No cases match</h2>
          <p className="mt-2 text-sm text-slate-600">
            Try fewer filters or other words.{' '}
            <Link href={`/t/${slug}/cases`} className="text-indigo-700 underline">
              Show all cases
            </Link>
            .
          </p>
        </>
      ) : hasMailbox ? (
        <>
          <h2 className="text-lg font-semibold">No cases yet</h2>
          <p className="mt-2 text-sm text-slate-600">
            New email to your support mailbox becomes a case here within a minute; this list updates by itself.
          </p>
        </>
      ) : (
        <>
          <h2 className="text-lg font-semibold">No cases yet</h2>
          <p className="mt-2 text-sm text-slate-600">Connect a support mailbox and every new email becomes a case.</p>
          <Link
            href={`/t/${slug}/settings/mailboxes/new`}
            className="mt-5 inline-block rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-700"
          >
            Connect a mailbox
          </Link>
        </>
      )}
    </section>
  );
}
