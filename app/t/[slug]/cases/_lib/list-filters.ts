// The cases list's URL query (filters, search, cursor), parsed leniently: a bad value is dropped, not an error page.
import { z } from 'zod';
import { CASE_STATUSES } from '@/lib/cases/case-status';

const statusTab = z.enum(['all', ...CASE_STATUSES]).catch('all');

export const listFiltersSchema = z.object({
  status: statusTab.default('all'),
  mailbox: z.uuid().optional().catch(undefined),
  assignee: z
    .union([z.enum(['mine', 'unassigned']), z.uuid()])
    .optional()
    .catch(undefined),
  imported: z.enum(['true', 'false']).optional().catch(undefined),
  q: z.string().trim().max(200).optional().catch(undefined),
  cursor: z.string().max(512).optional().catch(undefined),
});

export type ListFilters = z.output<typeof listFiltersSchema>;

export function parseListFilters(raw: Record<string, string | string[] | undefined>): ListFilters {
  const flat = Object.fromEntries(
    Object.entries(raw)
      .map(([k, v]) => [k, Array.isArray(v) ? v[0] : v])
      .filter(([, v]) => v !== '' && v !== undefined),
  );
  return listFiltersSchema.parse(flat);
}

/** The list URL with some filters changed (undefined removes one); the cursor resets unless given. */
export function listHref(
  slug: string,
  filters: ListFilters,
  change: Partial<Record<keyof ListFilters, string | undefined>>,
): string {
  const next: Record<string, string | undefined> = { ...filters, cursor: undefined, ...change };
  if (next.status === 'all') next.status = undefined;
  const qs = new URLSearchParams(
    Object.entries(next).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== ''),
  );
  const s = qs.toString();
  return `/t/${slug}/cases${s ? `?${s}` : ''}`;
}
