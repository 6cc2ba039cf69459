// POST /api/v1/cases/:number/replies – reply to the requester by email ({ "text", "cc"?: [], "replyAll"?: true,
// "attachments"?: [{ "filename", "contentType", "contentBase64" }] }); sent via the outbox, 202 with its status
import { apiRoute } from '@/lib/api/api-route';
import { MAX_JSON_BODY_WITH_ATTACHMENTS } from '@/lib/cases/outgoing-attachments';
import { queueReply, queueReplyInput } from '@/lib/cases/queue-reply';
import { caseNumberRouteParams, parseCaseNumber } from '../../case-number-param';

export const POST = apiRoute(
  { params: caseNumberRouteParams, body: queueReplyInput, status: 202, maxBodyBytes: MAX_JSON_BODY_WITH_ATTACHMENTS },
  async ({ tx, tenantId, apiKeyId, params, body }) =>
    queueReply(tx, {
      tenantId,
      number: parseCaseNumber(params.number),
      input: body,
      actor: { kind: 'api_key', apiKeyId },
    }),
);
