// GET /api/v1/cases/:number/messages – a case's history a page at a time, oldest first (limit, cursor); 308 for a
// merged case
import { apiRoute } from '@/lib/api/api-route';
import { listCaseMessages, listCaseMessagesInput } from '@/lib/cases/queries/list-case-messages';
import { caseNumberRouteParams, parseCaseNumber, redirectIfMerged } from '../../case-number-param';

export const GET = apiRoute(
  { params: caseNumberRouteParams, query: listCaseMessagesInput },
  async ({ tx, params, query, request }) => {
    try {
      const { items, nextCursor } = await listCaseMessages(tx, parseCaseNumber(params.number), query);
      return { data: items, nextCursor };
    } catch (err) {
      return redirectIfMerged(err, request, params.number);
    }
  },
);
