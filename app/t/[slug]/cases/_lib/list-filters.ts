// The cases list's URL query (view, filters, search, cursor), parsed leniently: a bad value is dropped, not
// an error page. The view is the triage queue the agent works from ("My open" unless they chose another);
// the older `status=` links still work and name the view of that status.
import { z } from 'zod';
import { CASE_STATUSES } from '@/lib/cases/case-status';
import type { CaseFilters } from '@/lib/cases/queries/case-filter-conditions';

export const LIST_VIEWS = ['mine', 'unassigned', 'open', 'pending', 'closed', 'all'] as const;
export type ListView = (typeof LIST_VIEWS)[number];
export const VIEW_LABELS: Record<ListView, string> = {
  mine: 'My open',
  unassigned: 'Unassigned',
  open: 'All open',
  pending: 'Pending',
  closed: 'Closed',
  all: 'All',
};
export const PRIORITIES = ['urgent', 'high', 'normal', 'low'] as const;

export const listFiltersSchema = z.object({
  view: z.enum(LIST_VIEWS).optional().catch(undefined),
  status: z
    .enum(['all', ...CASE_STATUSES])
    .optional()
    .catch(undefined),
  mailbox: z.uuid().optional().catch(undefined),
  assignee: z
    .union([z.enum(['mine', 'unassigned']), z.uuid()])
    .optional()
    .catch(undefined),
  imported: z.enum(['true', 'false']).optional().catch(undefined),
  tag: z.string().trim().toLowerCase().min(1).max(50).optional().catch(undefined),
  priority: z.enum(PRIORITIES).optional().catch(undefined),
  q: z.string().trim().max(200).optional().catch(undefined),
  cursor: z.string().max(512).optional().catch(undefined),
});

export type ListFilters = Omit<z.output<typeof listFiltersSchema>, 'view' | 'status'> & { view: ListView };

export function parseListFilters(raw: Record<string, string | string[] | undefined>): ListFilters {
  const flat = Object.fromEntries(
    Object.entries(raw)
      .map(([k, v]) => [k, Array.isArray(v) ? v[0] : v])
      .filter(([, v]) => v !== '' && v !== undefined),
  );
  const { view, status, ...rest } = listFiltersSchema.parse(flat);
  // A search without a chosen view looks through every case, not only the agent's own.
  return { ...rest, view: view ?? status ?? (rest.q ? 'all' : 'mine') };
}

/** The status the view shows (undefined: every status). */
export function viewStatus(view: ListView): CaseFilters['status'] {
  return view === 'mine' || view === 'unassigned' ? 'open' : view === 'all' ? undefined : view;
}

/** The list's filters as the case queries take them, for the signed-in agent. */
export function caseFiltersFor(filters: ListFilters, userId: string): CaseFilters {
  const assignee =
    filters.view === 'mine'
      ? userId
      : filters.view === 'unassigned'
        ? 'unassigned'
        : filters.assignee === 'mine'
          ? userId
          : filters.assignee;
  return {
    status: viewStatus(filters.view),
    mailboxId: filters.mailbox,
    assignee,
    imported: filters.imported === undefined ? undefined : filters.imported === 'true',
    tag: filters.tag,
    priority: filters.priority,
  };
}

/** The filters as a query string (no cursor unless given); the default view is left out. */
export function listQuery(filters: ListFilters, change: Partial<Record<keyof ListFilters, string | undefined>> = {}) {
  const next: Record<string, string | undefined> = { ...filters, cursor: undefined, ...change };
  if (next.view === 'mine') next.view = undefined;
  return new URLSearchParams(
    Object.entries(next).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== ''),
  ).toString();
}

/** The list URL with some filters changed (undefined removes one); the cursor resets unless given. */
export function listHref(
  slug: string,
  filters: ListFilters,
  change: Partial<Record<keyof ListFilters, string | undefined>>,
): string {
  const s = listQuery(filters, change);
  return `/t/${slug}/cases${s ? `?${s}` : ''}`;
}
