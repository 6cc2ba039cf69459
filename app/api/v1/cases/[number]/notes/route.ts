// POST /api/v1/cases/:number/notes – add an internal note ({ "text", "attachments"?: [{ "filename", "contentType",
// "contentBase64" }] }); never emailed
import { apiRoute } from '@/lib/api/api-route';
import { MAX_JSON_BODY_WITH_ATTACHMENTS } from '@/lib/cases/outgoing-attachments';
import { addNote, addNoteInput } from '@/lib/cases/add-note';
import { caseNumberRouteParams, parseCaseNumber } from '../../case-number-param';

export const POST = apiRoute(
  { params: caseNumberRouteParams, body: addNoteInput, status: 201, maxBodyBytes: MAX_JSON_BODY_WITH_ATTACHMENTS },
  async ({ tx, tenantId, apiKeyId, params, body }) =>
    addNote(tx, {
      tenantId,
      number: parseCaseNumber(params.number),
      input: body,
      actor: { kind: 'api_key', apiKeyId },
    }),
);
