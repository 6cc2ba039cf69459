import { after } from 'next/server';
import { z } from 'zod';
import { apiRoute } from '@/lib/api/api-route';
import { confirmMailboxImport } from '@/lib/mailboxes/confirm-import';
import { syncMailbox } from '@/lib/mailboxes/sync-mailbox';

// POST /api/v1/mailboxes/:id/import – confirm: the messages present become Closed cases and are deleted
// from the server; with { "openAfter": "<ISO date-time>" } those dated later become Open cases (still no
// acknowledgements). Answers 202 at once; follow progress with GET /api/v1/mailboxes/:id (import.processed/total).
export const POST = apiRoute(
  {
    params: z.object({ id: z.string() }),
    body: z.object({ openAfter: z.iso.datetime({ offset: true }).optional() }),
    transaction: false,
    status: 202,
  },
  async ({ tenantId, apiKeyId, params, body }) => {
    const boundary = await confirmMailboxImport(tenantId, params.id, {
      actor: { kind: 'api_key', apiKeyId },
      openAfter: body.openAfter ? new Date(body.openAfter) : null,
    });
    after(() => syncMailbox(params.id, { trigger: 'import', untilEmpty: true }).then(() => undefined));
    return boundary;
  },
);
