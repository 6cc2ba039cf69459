// GET /api/v1/cases/:number – one case with its whole history (404 for a malformed, missing or other tenant's number)
import { apiRoute } from '@/lib/api/api-route';
import { getCaseByNumber } from '@/lib/cases/queries/get-case';
import { caseNumberRouteParams, parseCaseNumber } from '../case-number-param';

export const GET = apiRoute({ params: caseNumberRouteParams }, async ({ tx, params }) => getCaseByNumber(tx, parseCaseNumber(params.number)));
