// GET /t/:slug/live/cases?numbers=1,2&view=…&mailbox=…&assignee=…&imported=…&tag=…&priority=… – what an open cases list
// needs after the change feed named some cases: those of them that match its filters (as rows) and the
// tab counts. The list inserts, updates or drops rows from this; the page itself is not rendered again.
import { countCasesByStatus } from '@/lib/cases/count-cases-by-status';
import { listCasesByNumber, MAX_NUMBERS } from '@/lib/cases/queries/list-cases-by-number';
import { listMailboxes } from '@/lib/mailboxes/list-mailboxes';
import { listMembers } from '@/lib/members/list-members';
import { loadTriageDetails } from '@/lib/workspace/load-triage-details';
import { caseRowMapper, withTriageDetails } from '../../cases/_lib/case-row';
import { caseFiltersFor, parseListFilters } from '../../cases/_lib/list-filters';
import { memberRoute, noStoreJson } from '@/app/t/[slug]/_lib/tenant-for-route';

export const dynamic = 'force-dynamic';

export const GET = memberRoute(async ({ tx, access, request }) => {
  const query = new URL(request.url).searchParams;
  const filters = parseListFilters(Object.fromEntries(query));
  const numbers = (query.get('numbers') ?? '')
    .split(',')
    .filter((n) => /^[1-9][0-9]{0,14}$/.test(n))
    .slice(0, MAX_NUMBERS)
    .map(Number);
  const { status, ...common } = caseFiltersFor(filters, access.userId);
  const counts = await countCasesByStatus(tx, common);
  const found = numbers.length ? await listCasesByNumber(tx, { ...common, status, numbers }) : [];
  if (!found.length) return noStoreJson({ counts, items: [] });
  const toRow = caseRowMapper({
    members: await listMembers(tx),
    mailboxes: await listMailboxes(tx),
  });
  const details = await loadTriageDetails(tx, { userId: access.userId, numbers: found.map((c) => c.number) });
  return noStoreJson({ counts, items: withTriageDetails(found.map(toRow), details) });
});
