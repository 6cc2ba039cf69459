'use client';
// The cases list kept current by the change feed, without rendering the page again: when cases change,
// the list asks GET /t/:slug/live/cases which of them match its filters, then inserts, updates or drops
// those rows and takes the new tab counts. The server renders the first state (same rows, same markup).
import { useRouter } from 'next/navigation';
import { createContext, useCallback, useContext, useRef, useState, type ReactNode } from 'react';
import { useLiveFeed, type LiveEvent } from '@/app/_components/use-live-feed';
import type { CaseRow } from '../_lib/case-row';
import { TriageRows, type MemberOption } from './triage-rows';

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

export function useLiveCases(): State {
  const state = useContext(LiveCasesContext);
  if (!state) throw new Error('LiveCasesProvider missing');
  return state;
}

export function LiveCount({ tab }: { tab: 'all' | keyof Counts }) {
  const { counts } = useLiveCases();
  return <>{tab === 'all' ? counts.open + counts.pending + counts.closed : counts[tab]}</>;
}

export function LiveCaseRows({
  slug,
  empty,
  members,
  tagQuery,
}: {
  slug: string;
  empty: ReactNode;
  members: MemberOption[];
  tagQuery: string;
}) {
  const { items } = useLiveCases();
  if (items.length === 0) return <>{empty}</>;
  return <TriageRows slug={slug} items={items} members={members} tagQuery={tagQuery} />;
}
