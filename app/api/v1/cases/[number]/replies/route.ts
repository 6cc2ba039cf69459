// POST /api/v1/cases/:number/replies – reply to the requester by email ({ "text", "cc"?: [], "replyAll"?: true,
// "attachments"?: [{ "filename", "contentType", "contentBase64" }] }); sent via the outbox, 202 with its status
import { MAX_JSON_BODY_WITH_ATTACHMENTS } from '@/lib/cases/outgoing-attachments';
import { queueReply, queueReplyInput } from '@/lib/cases/queue-reply';
import { caseActionRoute } from '../../case-action-route';

export const POST = caseActionRoute(
  { body: queueReplyInput, status: 202, maxBodyBytes: MAX_JSON_BODY_WITH_ATTACHMENTS },
  queueReply,
);
