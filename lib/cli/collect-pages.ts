// `--limit N` over a keyset-paged list: the list commands read page after page until they have N items
// or the list ends, one short transaction per page (a long list never holds one transaction open).
import { MAX_PAGE_SIZE } from '@/lib/cases/queries/params';

type Page<T> = { items: T[]; nextCursor: string | null };

/** Calls `fetchPage` with the size still wanted (at most MAX_PAGE_SIZE) and the previous page's cursor. */
export async function collectPages<T>(
  limit: number,
  fetchPage: (page: { limit: number; cursor: string | undefined }) => Promise<Page<T>>,
): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | undefined;
  while (out.length < limit) {
    const page = await fetchPage({ limit: Math.min(limit - out.length, MAX_PAGE_SIZE), cursor });
    out.push(...page.items);
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  return out;
}
