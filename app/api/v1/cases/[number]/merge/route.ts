// POST /api/v1/cases/:number/merge – merge this case into another ({ "into": 12 }): its history joins case 12,
// its number then leads there (GET answers 308), and a case.merged event goes out; answers the surviving case
import { apiRoute } from '@/lib/api/api-route';
import { mergeCaseInput, mergeCases } from '@/lib/cases/merge-cases';
import { caseNumberRouteParams, parseCaseNumber } from '../../case-number-param';

export const POST = apiRoute(
  { params: caseNumberRouteParams, body: mergeCaseInput },
  async ({ tx, tenantId, apiKeyId, params, body }) =>
    mergeCases(tx, {
      tenantId,
      number: parseCaseNumber(params.number),
      input: body,
      actor: { kind: 'api_key', apiKeyId },
    }),
);
