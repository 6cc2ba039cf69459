import { apiRoute } from '@/lib/api/api-route';
import { createMailbox } from '@/lib/mailboxes/create-mailbox';
import { toPublicMailbox } from '@/lib/mailboxes/get-mailbox';
import { listMailboxes } from '@/lib/mailboxes/list-mailboxes';
import { z } from 'zod';

// GET /api/v1/mailboxes – the tenant's mailboxes with their state and import progress
export const GET = apiRoute({}, async ({ tx }) => ({ data: (await listMailboxes(tx)).map(toPublicMailbox) }));

// POST /api/v1/mailboxes – connect a mailbox as a draft (test it, then confirm the import)
export const POST = apiRoute(
  { body: z.record(z.string(), z.unknown()), status: 201 },
  async ({ tx, tenantId, apiKeyId, body }) =>
    createMailbox(tx, { tenantId, input: body, actor: { kind: 'api_key', apiKeyId } }),
);
