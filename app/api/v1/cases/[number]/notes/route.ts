// POST /api/v1/cases/:number/notes – add an internal note ({ "text" }); never emailed
import { apiRoute } from '@/lib/api/api-route';
import { addNote, addNoteInput } from '@/lib/cases/add-note';
import { caseNumberRouteParams, parseCaseNumber } from '../../case-number-param';

export const POST = apiRoute(
  { params: caseNumberRouteParams, body: addNoteInput, status: 201 },
  async ({ tx, tenantId, apiKeyId, params, body }) =>
    addNote(tx, {
      tenantId,
      number: parseCaseNumber(params.number),
      input: body,
      actor: { kind: 'api_key', apiKeyId },
    }),
);
