'use client';
// An open case page kept current by the change feed without rendering the page again: when this case
// changes (a reply, a note, delivery progress, status or assignee), the tab asks caseChangesAction for
// the case's status, assignee and history order plus only the entries it lacks or holds in an older
// revision, and puts them in place. The composer, scroll position and everything else stay as they are.
import { useRouter } from 'next/navigation';
import { createContext, Fragment, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { StatusBadge } from '@/app/_components/status-badge';
import { useLiveFeed, type LiveEvent } from '@/app/_components/use-live-feed';
import { CaseControls } from './case-controls';
import type { HistoryEntry } from './history-entries';
import { caseChangesAction } from './live-actions';
import type { CaseStatus } from '@/lib/cases/case-status';

type Status = CaseStatus;
type State = { status: Status; assigneeId: string | null; entries: HistoryEntry[] };

const LiveCaseContext = createContext<(State & { slug: string; number: number }) | null>(null);

const BATCH_MS = 50;

export function LiveCaseProvider({
  slug,
  number,
  status,
  assigneeId,
  entries,
  children,
}: State & { slug: string; number: number; children: ReactNode }) {
  const router = useRouter();
  const [state, setState] = useState<State>({ status, assigneeId, entries });
  // A server render (this tab's own action, a navigation) brings a new first state: it replaces ours.
  const [rendered, setRendered] = useState(entries);
  if (rendered !== entries) {
    setRendered(entries);
    setState({ status, assigneeId, entries });
  }
  const latest = useRef(state);
  useEffect(() => {
    latest.current = state;
  }, [state]);

  const running = useRef(false);
  const again = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const fetchChanges = useCallback(async () => {
    timer.current = undefined;
    if (running.current) return void (again.current = true);
    running.current = true;
    try {
      do {
        again.current = false;
        const form = new FormData();
        form.set('slug', slug);
        form.set('number', String(number));
        form.set('known', latest.current.entries.map((e) => `${e.id}:${e.rev}`).join(','));
        form.set('images', new URLSearchParams(window.location.search).get('images') ?? '');
        const result = await caseChangesAction(null, form);
        if (!result?.ok) {
          router.refresh(); // the case is gone or out of reach (or the history is huge): the page says which
          break;
        }
        const changes = result.data;
        setState((prev) => {
          const byId = new Map(prev.entries.map((e) => [e.id, e]));
          for (const e of changes.entries) byId.set(e.id, e);
          const next = {
            status: changes.status,
            assigneeId: changes.assigneeId,
            entries: changes.order.flatMap((id) => byId.get(id) ?? []),
          };
          latest.current = next;
          return next;
        });
      } while (again.current);
    } catch {
      // offline for a moment: the next change asks again
    } finally {
      running.current = false;
    }
  }, [slug, number, router]);

  const onEvents = useCallback(
    (events: LiveEvent[]) => {
      if (!events.some((e) => e.number === number || e.kind === 'resync')) return;
      timer.current ??= setTimeout(() => void fetchChanges(), BATCH_MS);
    },
    [number, fetchChanges],
  );
  useLiveFeed(slug, onEvents);

  return <LiveCaseContext.Provider value={{ ...state, slug, number }}>{children}</LiveCaseContext.Provider>;
}

function useLiveCase() {
  const value = useContext(LiveCaseContext);
  if (!value) throw new Error('inside LiveCaseProvider only');
  return value;
}

export function LiveHistory() {
  const { entries } = useLiveCase();
  return (
    <ol className="space-y-3" aria-label="History, oldest first" data-testid="history">
      {entries.map((e) => (
        <Fragment key={e.id}>{e.node}</Fragment>
      ))}
    </ol>
  );
}

export function LiveStatusBadge() {
  return (
    <span data-testid="case-status">
      <StatusBadge status={useLiveCase().status} />
    </span>
  );
}

export function LiveCaseControls({
  members,
  ...rest
}: {
  members: { userId: string; label: string }[];
  /** Server-rendered (not followed live): a change re-renders the page. */
  priority: 'low' | 'normal' | 'high' | 'urgent';
  tags: string[];
  currentUserId: string;
}) {
  const { slug, number, status, assigneeId } = useLiveCase();
  return (
    <CaseControls slug={slug} number={number} status={status} assigneeId={assigneeId} members={members} {...rest} />
  );
}
