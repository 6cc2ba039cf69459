import { z } from 'zod';
import { apiRoute } from '@/lib/api/api-route';
import { getMailbox, toPublicMailbox } from '@/lib/mailboxes/get-mailbox';
import { updateMailbox } from '@/lib/mailboxes/update-mailbox';

const params = z.object({ id: z.string() });

// GET /api/v1/mailboxes/:id – one mailbox (state, last error, import progress; never secrets)
export const GET = apiRoute({ params }, async ({ tx, params }) => toPublicMailbox(await getMailbox(tx, params.id)));

// PATCH /api/v1/mailboxes/:id – change settings (the fields of POST /api/v1/mailboxes); an omitted password
// keeps the stored one unless the change would send it to another server: then 422 with `details.field`.
export const PATCH = apiRoute({ params, body: z.unknown() }, async ({ tx, apiKeyId, params, body }) =>
  updateMailbox(tx, { id: params.id, input: body, actor: { kind: 'api_key', apiKeyId } }),
);
