'use client';
// The cases list kept current by the change feed, without rendering the page again: when cases change,
// the list asks GET /t/:slug/live/cases which of them match its filters, then inserts, updates or drops
// those rows and takes the new tab counts. The server renders the first state (same rows, same markup).
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { createContext, useCallback, useContext, useRef, useState, type ReactNode } from 'react';
import { formatDate } from '@/app/_components/format-date';
import { StatusBadge } from '@/app/_components/status-badge';
import { useLiveFeed, type LiveEvent } from '@/app/_components/use-live-feed';
import type { CaseRow } from '../_lib/case-row';
import { DisplayText, LIST_TEXT_MAX } from '@/app/_components/display-text';

type Counts = { open: number; pending: number; closed: number };
type State = { items: CaseRow[]; counts: Counts };

const LiveCasesContext = createContext<State | null>(null);

const BATCH_MS = 100;

export function LiveCasesProvider({
  slug,
  filterQuery,
  insertNew,
  pageSize,
  initialItems,
  initialCounts,
  children,
}: {
  slug: string;
  /** The list's filters as a query string (no cursor, no search words). */
  filterQuery: string;
  /** First page of the plain list: new and newly active cases join at the top. Elsewhere rows only update. */
  insertNew: boolean;
  pageSize: number;
  initialItems: CaseRow[];
  initialCounts: Counts;
  children: ReactNode;
}) {
  const router = useRouter();
  const [state, setState] = useState<State>({ items: initialItems, counts: initialCounts });
  // A server render (navigation, resync) brings a new first state: it replaces what the feed built up.
  const [rendered, setRendered] = useState(initialItems);
  if (rendered !== initialItems) {
    setRendered(initialItems);
    setState({ items: initialItems, counts: initialCounts });
  }
  const queued = useRef(new Set<number>());
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const flush = useCallback(async () => {
    timer.current = undefined;
    const numbers = [...queued.current];
    queued.current.clear();
    const query = new URLSearchParams(filterQuery);
    query.set('numbers', numbers.join(','));
    try {
      const res = await fetch(`/t/${slug}/live/cases?${query}`, { cache: 'no-store' });
      if (!res.ok) return;
      const body = (await res.json()) as { counts: Counts; items: CaseRow[] };
      setState((s) => ({ counts: body.counts, items: applyRows(s.items, numbers, body.items, insertNew, pageSize) }));
    } catch {
      // the next change (or the reconnect's catch-up) brings the rows again
    }
  }, [slug, filterQuery, insertNew, pageSize]);

  const onEvents = useCallback(
    (events: LiveEvent[]) => {
      if (events.some((e) => e.kind === 'resync')) return router.refresh();
      for (const e of events) if (e.number !== null) queued.current.add(e.number);
      timer.current ??= setTimeout(() => void flush(), BATCH_MS);
    },
    [flush, router],
  );
  useLiveFeed(slug, onEvents);

  return <LiveCasesContext.Provider value={state}>{children}</LiveCasesContext.Provider>;
}

/** Changed rows replace their old selves; matching new ones join in order; those that stopped matching leave. */
export function applyRows(
  items: CaseRow[],
  asked: number[],
  found: CaseRow[],
  insertNew: boolean,
  pageSize: number,
): CaseRow[] {
  const byNumber = new Map(found.map((r) => [r.number, r]));
  const askedSet = new Set(asked);
  const present = new Set(items.map((r) => r.number));
  const kept = items
    .filter((r) => !askedSet.has(r.number) || byNumber.has(r.number))
    .map((r) => byNumber.get(r.number) ?? r);
  if (!insertNew) return kept;
  const joined = [...kept, ...found.filter((r) => !present.has(r.number))];
  joined.sort((a, b) => b.lastActivityAt.localeCompare(a.lastActivityAt) || b.number - a.number);
  return joined.slice(0, pageSize);
}

function useLiveCases(): State {
  const state = useContext(LiveCasesContext);
  if (!state) throw new Error('LiveCasesProvider missing');
  return state;
}

export function LiveCount({ tab }: { tab: 'all' | keyof Counts }) {
  const { counts } = useLiveCases();
  return <>{tab === 'all' ? counts.open + counts.pending + counts.closed : counts[tab]}</>;
}

export function LiveCaseRows({ slug, empty }: { slug: string; empty: ReactNode }) {
  const { items } = useLiveCases();
  if (items.length === 0) return <>{empty}</>;
  return (
    <ul
      className="divide-y divide-slate-200 overflow-hidden rounded-lg bg-white shadow-sm"
      data-testid="case-list"
      aria-label="Cases"
    >
      {items.map((c) => (
        <li
          key={c.number}
          data-testid="case-row"
          data-case-number={c.number}
          className="relative px-4 py-3 focus-within:bg-indigo-50 hover:bg-slate-50"
        >
          <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
            <span className="w-14 shrink-0 text-sm tabular-nums text-slate-500">#{c.number}</span>
            <Link
              href={`/t/${slug}/cases/${c.number}`}
              className="min-w-0 flex-1 truncate font-medium text-slate-900 after:absolute after:inset-0 focus:outline-none"
              data-testid="case-link"
            >
              <DisplayText text={c.subject} max={LIST_TEXT_MAX} />
            </Link>
            <StatusBadge status={c.status} />
            {c.imported ? <span className="rounded bg-slate-100 px-1.5 text-xs text-slate-600">imported</span> : null}
          </div>
          <div className="mt-1 flex flex-wrap gap-x-4 gap-y-1 pl-0 text-xs text-slate-500 sm:pl-[4.25rem]">
            <span className="truncate" title={c.requester.email}>
              {c.requester.name ? (
                <>
                  <DisplayText text={c.requester.name} max={LIST_TEXT_MAX} /> &lt;{c.requester.email}&gt;
                </>
              ) : (
                c.requester.email
              )}
            </span>
            <span data-testid="case-assignee">{c.assigneeLabel ? `Assigned to ${c.assigneeLabel}` : 'Unassigned'}</span>
            {c.mailboxEmail ? <span>{c.mailboxEmail}</span> : null}
            <span>Last activity {formatDate(new Date(c.lastActivityAt))}</span>
          </div>
        </li>
      ))}
    </ul>
  );
}
