'use client';
// A view tab's count. The live list keeps the status counts of its own assignee scope current (everyone,
// mine or unassigned): a tab in that scope shows them live; the others show the count the page rendered.
import type { ListView } from '../_lib/list-filters';
import { useLiveCases } from './live-cases';

export type CountScope = 'everyone' | 'mine' | 'unassigned' | 'other';

export function ViewCount({ view, scope, initial }: { view: ListView; scope: CountScope; initial: number }) {
  const { counts } = useLiveCases();
  if (scope === 'everyone' && view === 'all') return <>{counts.open + counts.pending + counts.closed}</>;
  if (scope === 'everyone' && (view === 'open' || view === 'pending' || view === 'closed')) return <>{counts[view]}</>;
  if (scope === view) return <>{counts.open}</>;
  return <>{initial}</>;
}
