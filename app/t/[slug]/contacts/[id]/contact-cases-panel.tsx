// The "Cases" section of a contact's page and of an organisation's page: one page of the cases (50, most
// recently active first; a stale or tampered cursor starts again at the newest instead of an error page)
// and the list with its "Older cases" link back to the same page.
import type { TenantTx } from '@/db/tenancy';
import { isCursorError } from '@/lib/cases/queries/keyset-cursor';
import { listContactCases } from '@/lib/contacts/list-contact-cases';
import { CaseList } from '../case-list';

type CasesOf = Parameters<typeof listContactCases>[1];
export type ContactCasesPage = Awaited<ReturnType<typeof listContactCases>>;

const PAGE_SIZE = 50;

export async function loadContactCasesPage(tx: TenantTx, of: CasesOf, cursor?: string): Promise<ContactCasesPage> {
  return listContactCases(tx, of, { cursor, limit: PAGE_SIZE }).catch((err) => {
    if (isCursorError(err)) return listContactCases(tx, of, { limit: PAGE_SIZE });
    throw err;
  });
}

export function ContactCasesPanel({
  slug,
  cases,
  pageHref,
  count,
  showRequester = false,
}: {
  slug: string;
  cases: ContactCasesPage;
  /** The page the panel is on; the next page adds `?cursor=`. */
  pageHref: string;
  /** Shown beside the heading when known (a contact's case count). */
  count?: number;
  showRequester?: boolean;
}) {
  return (
    <section className="space-y-2">
      <h2 className="text-lg font-semibold">
        Cases{count === undefined ? null : <span className="text-sm font-normal text-slate-500"> ({count})</span>}
      </h2>
      <CaseList
        slug={slug}
        items={cases.items}
        showRequester={showRequester}
        nextHref={cases.nextCursor ? `${pageHref}?cursor=${cases.nextCursor}` : null}
      />
    </section>
  );
}
