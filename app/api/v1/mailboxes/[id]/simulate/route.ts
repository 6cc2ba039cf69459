// POST /api/v1/mailboxes/:id/simulate – what this mailbox would do with a message, changing nothing.
// Body: the raw .eml with Content-Type message/rfc822, or JSON { "raw": "<base64>" } or { "rawMessageId": "<stored message>" }.
import { z } from 'zod';
import { apiRoute } from '@/lib/api/api-route';
import { AppError } from '@/lib/errors';
import { simulateMessage, simulateStoredMessage } from '@/lib/rules/simulate-message';

/** Above the largest per-mailbox limit a message can be set to; bigger bodies are refused unread (413). */
const MAX_BODY = 64 * 1024 * 1024;

const jsonBody = z.union([
  z.object({ raw: z.base64('raw: base64 of the .eml bytes.').min(1) }),
  z.object({ rawMessageId: z.string().min(1) }),
]);

export const POST = apiRoute(
  { params: z.object({ id: z.string() }), maxBodyBytes: MAX_BODY },
  async ({ tx, tenantId, params, request, rawBody: bytes }) => {
    const type = (request.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
    if (type === 'application/json') {
      let data: unknown;
      try {
        data = JSON.parse(bytes.toString('utf8'));
      } catch {
        throw new AppError('bad_request', 'The request body is not valid JSON.');
      }
      const body = jsonBody.parse(data);
      if ('rawMessageId' in body)
        return simulateStoredMessage(tx, { tenantId, mailboxId: params.id, rawMessageId: body.rawMessageId });
      return simulateMessage(tx, { tenantId, mailboxId: params.id, raw: Buffer.from(body.raw, 'base64') });
    }
    if (type !== 'message/rfc822' && type !== 'application/octet-stream' && type !== 'text/plain') {
      throw new AppError(
        'bad_request',
        'Send the .eml as Content-Type: message/rfc822, or JSON { "raw": "<base64>" }.',
      );
    }
    if (!bytes.length) throw new AppError('bad_request', 'The request body is empty: send the .eml bytes.');
    return simulateMessage(tx, { tenantId, mailboxId: params.id, raw: bytes });
  },
);
