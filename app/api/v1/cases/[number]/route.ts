// GET /api/v1/cases/:number – one case with its whole history (404 for a malformed, missing or other tenant's
// number; 308 to the case a merged one joined)
import { apiRoute } from '@/lib/api/api-route';
import { getCaseByNumber } from '@/lib/cases/queries/get-case';
import { updateCase, updateCaseInput } from '@/lib/cases/update-case';
import { caseActionRoute } from '../case-action-route';
import { caseNumberRouteParams, parseCaseNumber, redirectIfMerged } from '../case-number-param';

export const GET = apiRoute({ params: caseNumberRouteParams }, async ({ tx, params, request }) =>
  getCaseByNumber(tx, parseCaseNumber(params.number)).catch((err: unknown) =>
    redirectIfMerged(err, request, params.number),
  ),
);

// PATCH /api/v1/cases/:number – change status and/or assignee ({ "status": "closed", "assigneeId": "<user id>" | null })
export const PATCH = caseActionRoute({ body: updateCaseInput }, updateCase);
