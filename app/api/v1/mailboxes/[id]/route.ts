import { z } from 'zod';
import { apiRoute } from '@/lib/api/api-route';
import { getMailbox, toPublicMailbox } from '@/lib/mailboxes/get-mailbox';

// GET /api/v1/mailboxes/:id – one mailbox (state, last error, import progress; never secrets)
export const GET = apiRoute({ params: z.object({ id: z.string() }) }, async ({ tx, params }) =>
  toPublicMailbox(await getMailbox(tx, params.id)),
);
