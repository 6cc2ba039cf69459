import type { Metadata } from 'next';
import Link from 'next/link';
import { withTenant } from '@/db/tenancy';
import { requireTenant } from '@/lib/auth/require-tenant';
import { countCasesByStatus } from '@/lib/cases/count-cases-by-status';
import { isCursorError } from '@/lib/cases/queries/keyset-cursor';
import { listCases } from '@/lib/cases/queries/list-cases';
import { searchCases } from '@/lib/cases/queries/search-cases';
import { listMailboxes } from '@/lib/mailboxes/list-mailboxes';
import { listMembers } from '@/lib/members/list-members';
import { loadTriageDetails } from '@/lib/workspace/load-triage-details';
import { listSavedViews } from '@/lib/workspace/saved-views';
import { caseRowMapper, withTriageDetails } from '../_lib/case-row';
import {
  caseFiltersFor,
  LIST_VIEWS,
  listHref,
  listQuery,
  parseListFilters,
  PRIORITIES,
  VIEW_LABELS,
  type ListView,
} from '../_lib/list-filters';
import { CompactField, FilterSelect, type OptionPairs } from '../compact-field';
import { ListShortcuts } from '../list-shortcuts';
import { LiveCaseRows, LiveCasesProvider } from './live-cases';
import { SavedViews } from './saved-views';
import { ViewCount, type CountScope } from './view-count';

export const metadata: Metadata = { title: 'Cases' };

const PAGE_SIZE = 50;
// The filters' fixed choices ("" is any); the mailbox and member choices come from the tenant.
const ANY_ASSIGNEE = [
  ['', 'Anyone'],
  ['mine', 'Mine'],
  ['unassigned', 'Unassigned'],
] as const;
const PRIORITY_OPTIONS: OptionPairs = [
  ['', 'Any priority'],
  ...PRIORITIES.map((p) => [p, p[0].toUpperCase() + p.slice(1)] as const),
];
const ORIGIN_OPTIONS = [
  ['', 'Imported or new'],
  ['false', 'New mail only'],
  ['true', 'Imported only'],
] as const;

export default async function CasesPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { slug } = await params;
  const { tenant, user } = await requireTenant(slug);
  const sp = await searchParams;
  const filters = parseListFilters(sp);
  const { status, ...common } = caseFiltersFor(filters, user.id);
  // The tabs count under the secondary filters (mailbox, origin, tag, priority), each in its own scope.
  const secondary = {
    mailboxId: common.mailboxId,
    imported: common.imported,
    tag: common.tag,
    priority: common.priority,
  };

  const data = await withTenant(tenant.id, async (tx) => {
    const [everyone, mine, unassigned, mailboxes, members, views] = [
      await countCasesByStatus(tx, {
        ...secondary,
        assignee: filters.view === 'mine' || filters.view === 'unassigned' ? undefined : common.assignee,
      }),
      await countCasesByStatus(tx, { ...secondary, assignee: user.id }),
      await countCasesByStatus(tx, { ...secondary, assignee: 'unassigned' }),
      await listMailboxes(tx),
      await listMembers(tx),
      await listSavedViews(tx, { userId: user.id }),
    ];
    const page = filters.q
      ? await searchCases(tx, { ...common, q: filters.q, status, limit: PAGE_SIZE, cursor: filters.cursor })
      : await listCases(tx, { ...common, status, limit: PAGE_SIZE, cursor: filters.cursor });
    const details = await loadTriageDetails(tx, { userId: user.id, numbers: page.items.map((c) => c.number) });
    return { everyone, mine, unassigned, mailboxes, members, views, page, details };
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
  const { everyone, mine, unassigned, mailboxes, members, views, page, details } = data;
  const toRow = caseRowMapper({ members, mailboxes });
  const rows = withTriageDetails(page.items.map(toRow), details);
  // What the live list asks the server about changed cases: the filters, without the page position or words.
  const filterQuery = listQuery({ ...filters, q: undefined });
  const scope: CountScope =
    filters.view === 'mine' || filters.view === 'unassigned' ? filters.view : common.assignee ? 'other' : 'everyone';
  const liveCounts = scope === 'mine' ? mine : scope === 'unassigned' ? unassigned : everyone;
  const tabCount: Record<ListView, number> = {
    mine: mine.open,
    unassigned: unassigned.open,
    open: everyone.open,
    pending: everyone.pending,
    closed: everyone.closed,
    all: everyone.open + everyone.pending + everyone.closed,
  };
  const secondaryFilters = Boolean(
    filters.mailbox || filters.assignee || filters.imported || filters.tag || filters.priority,
  );
  const filtered = Boolean(filters.q || secondaryFilters || (filters.view !== 'all' && tabCount.all > 0));
  const memberOptions = members.map((m) => ({ userId: m.userId, label: m.name || m.email }));

  return (
    <LiveCasesProvider
      key={`${filterQuery}|${filters.cursor ?? ''}|${filters.q ?? ''}`}
      slug={tenant.slug}
      filterQuery={filterQuery}
      insertNew={!filters.cursor && !filters.q}
      pageSize={PAGE_SIZE}
      initialItems={rows}
      initialCounts={liveCounts}
    >
      <div className="space-y-3 md:space-y-4">
        <ListShortcuts hrefs={page.items.map((c) => `/t/${tenant.slug}/cases/${c.number}`)} />
        <header className="flex flex-wrap items-baseline justify-between gap-x-3">
          <h1 className="text-xl font-semibold md:text-2xl">Cases</h1>
          <p className="hidden text-sm text-slate-500 md:block">
            Updates automatically · <kbd className="rounded border px-1">j</kbd>/
            <kbd className="rounded border px-1">k</kbd> to move, <kbd className="rounded border px-1">Enter</kbd> to
            open
          </p>
        </header>

        <nav aria-label="Views" className="-mx-4 overflow-x-auto border-b border-slate-200 px-4 md:mx-0 md:px-0">
          <div className="flex gap-1 whitespace-nowrap">
            {LIST_VIEWS.map((v) => {
              const active = filters.view === v;
              return (
                <Link
                  key={v}
                  href={listHref(tenant.slug, filters, {
                    view: v,
                    assignee: v === 'mine' || v === 'unassigned' ? undefined : filters.assignee,
                  })}
                  aria-current={active ? 'page' : undefined}
                  data-testid={`status-tab-${v}`}
                  className={`-mb-px rounded-t-md border-b-2 px-3 py-2 text-sm focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 ${
                    active
                      ? 'border-indigo-600 font-medium text-indigo-800'
                      : 'border-transparent text-slate-600 hover:text-slate-900'
                  }`}
                >
                  {VIEW_LABELS[v]}{' '}
                  <span
                    className="ml-1 rounded-full bg-slate-100 px-2 text-xs text-slate-700"
                    data-testid={`count-${v}`}
                  >
                    <ViewCount view={v} scope={scope} initial={tabCount[v]} />
                  </span>
                </Link>
              );
            })}
          </div>
        </nav>

        <SavedViews slug={tenant.slug} views={views} current={listQuery(filters)} />

        <form method="get" action={`/t/${tenant.slug}/cases`} role="search" className="space-y-2">
          {filters.view !== 'mine' ? <input type="hidden" name="view" value={filters.view} /> : null}
          <div className="flex gap-2">
            <label htmlFor="case-search" className="sr-only">
              Search
            </label>
            <input
              id="case-search"
              name="q"
              type="search"
              defaultValue={filters.q ?? ''}
              // `/` pressed outside the list comes here to search.
              autoFocus={sp.focus === 'search'}
              placeholder="Search subject, requester or text"
              className="min-w-0 flex-1 rounded-md border border-slate-300 px-3 py-1.5 text-sm focus:outline-none focus:ring-2 focus:ring-indigo-500"
            />
            <button
              type="submit"
              className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-700 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:ring-offset-2"
            >
              {filters.q ? 'Search' : 'Apply'}
            </button>
          </div>
          <details className="rounded-lg bg-white shadow-sm" open={secondaryFilters} data-testid="list-filters">
            <summary className="cursor-pointer px-3 py-1.5 text-sm text-slate-700">
              Filters
              {secondaryFilters ? (
                <>
                  {' '}
                  <span className="text-xs text-slate-500">
                    (
                    {[
                      filters.tag && `tag ${filters.tag}`,
                      filters.priority && `${filters.priority} priority`,
                      filters.mailbox && 'mailbox',
                      filters.assignee && 'assignee',
                      filters.imported && 'origin',
                    ]
                      .filter(Boolean)
                      .join(', ')}
                    )
                  </span>{' '}
                  <Link
                    href={listHref(tenant.slug, { view: filters.view }, {})}
                    className="text-xs text-indigo-700 underline"
                  >
                    Clear
                  </Link>
                </>
              ) : null}
            </summary>
            <div className="grid gap-3 p-3 pt-1 sm:grid-cols-3 lg:grid-cols-5">
              <FilterSelect
                name="mailbox"
                label="Mailbox"
                value={filters.mailbox}
                options={[['', 'Any mailbox'], ...mailboxes.map((m) => [m.id, m.email] as const)]}
              />
              {filters.view === 'mine' || filters.view === 'unassigned' ? null : (
                <FilterSelect
                  name="assignee"
                  label="Assignee"
                  value={filters.assignee}
                  options={[...ANY_ASSIGNEE, ...memberOptions.map((m) => [m.userId, m.label] as const)]}
                />
              )}
              <FilterSelect name="priority" label="Priority" value={filters.priority} options={PRIORITY_OPTIONS} />
              <CompactField id="filter-tag" label="Tag">
                <input
                  id="filter-tag"
                  name="tag"
                  defaultValue={filters.tag ?? ''}
                  placeholder="Any tag"
                  className="mt-1 w-full rounded-md border border-slate-300 px-2 py-1.5 text-sm"
                />
              </CompactField>
              <FilterSelect name="imported" label="Origin" value={filters.imported} options={ORIGIN_OPTIONS} />
            </div>
          </details>
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
          members={memberOptions}
          tagQuery={listQuery({ ...filters, tag: undefined })}
          empty={
            <EmptyState
              slug={tenant.slug}
              filtered={filtered}
              title={
                filters.view === 'mine' && !secondaryFilters && !filters.q
                  ? 'Nothing open is assigned to you'
                  : 'No cases match'
              }
              hasMailbox={mailboxes.length > 0}
            />
          }
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

function EmptyState({
  slug,
  filtered,
  title,
  hasMailbox,
}: {
  slug: string;
  filtered: boolean;
  title: string;
  hasMailbox: boolean;
}) {
  return (
    <section
      className="rounded-lg border border-dashed border-slate-300 bg-white px-6 py-12 text-center"
      data-testid="cases-empty"
    >
      {filtered ? (
        <>
          <h2 className="text-lg font-semibold">{title}</h2>
          <p className="mt-2 text-sm text-slate-600">
            Try another view, fewer filters or other words.{' '}
            <Link href={`/t/${slug}/cases?view=unassigned`} className="text-indigo-700 underline">
              Unassigned cases
            </Link>{' '}
            ·{' '}
            <Link href={`/t/${slug}/cases?view=all`} className="text-indigo-700 underline">
              All cases
            </Link>
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
