// The routes that run one case action as the API key (PATCH /api/v1/cases/:number, POST …/merge, …/notes,
// …/replies): each parses :number the same way (malformed is 404), hands the body to the lib function as its
// input and names the key as the actor, so they differ only in the action, its body schema and its status.
//
//   export const POST = caseActionRoute({ body: addNoteInput, status: 201 }, addNote);
import type { z } from 'zod';
import type { TenantTx } from '@/db/tenancy';
import { apiRoute } from '@/lib/api/api-route';
import type { AuditActor } from '@/lib/audit/record-audit';
import { caseNumberRouteParams, parseCaseNumber } from './case-number-param';

type CaseAction = (
  tx: TenantTx,
  params: { tenantId: string; number: number; input: unknown; actor: AuditActor },
) => Promise<unknown>;

export function caseActionRoute<B extends z.ZodType>(
  spec: { body: B; status?: number; maxBodyBytes?: number },
  action: CaseAction,
) {
  return apiRoute({ ...spec, params: caseNumberRouteParams }, ({ tx, tenantId, apiKeyId, params, body }) =>
    action(tx, {
      tenantId,
      number: parseCaseNumber(params.number),
      input: body,
      actor: { kind: 'api_key', apiKeyId },
    }),
  );
}
