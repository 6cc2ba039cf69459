// POST /api/v1/mailboxes/:id/simulate – what this mailbox would do with a message, changing nothing
// (sender verification and spam checks included: they run outside any transaction, as in a sync).
// Body: the raw .eml with Content-Type message/rfc822, or JSON { "raw": "<base64>" } or { "rawMessageId": "<stored message>" }.
import { z } from 'zod';
import { apiRoute } from '@/lib/api/api-route';
import { AppError } from '@/lib/errors';
import { simulateWithChecks } from '@/lib/rules/simulate-message';

/** Above the largest per-mailbox limit a message can be set to; bigger bodies are refused unread (413). */
const MAX_BODY = 64 * 1024 * 1024;

const jsonBody = z.union([
  z.object({ raw: z.base64('raw: base64 of the .eml bytes.').min(1) }),
  z.object({ rawMessageId: z.string().min(1) }),
]);

export const POST = apiRoute(
  { params: z.object({ id: z.string() }), maxBodyBytes: MAX_BODY, transaction: false },
  async ({ tenantId, params, request, rawBody: bytes }) => {
    const type = (request.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
    if (type === 'application/json') {
      let data: unknown;
      try {
        data = JSON.parse(bytes.toString('utf8'));
      } catch {
        throw new AppError('bad_request', 'The request body is not valid JSON.');
      }
      const body = jsonBody.parse(data);
      const source =
        'rawMessageId' in body ? { rawMessageId: body.rawMessageId } : { raw: Buffer.from(body.raw, 'base64') };
      return simulateWithChecks({ tenantId, mailboxId: params.id, source });
    }
    if (type !== 'message/rfc822' && type !== 'application/octet-stream' && type !== 'text/plain') {
      throw new AppError(
        'bad_request',
        'Send the .eml as Content-Type: message/rfc822, or JSON { "raw": "<base64>" }.',
      );
    }
    if (!bytes.length) throw new AppError('bad_request', 'The request body is empty: send the .eml bytes.');
    return simulateWithChecks({ tenantId, mailboxId: params.id, source: { raw: bytes } });
  },
);
