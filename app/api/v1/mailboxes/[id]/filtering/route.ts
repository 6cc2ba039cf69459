import { z } from 'zod';
import { apiRoute } from '@/lib/api/api-route';
import { getMailbox } from '@/lib/mailboxes/get-mailbox';
import { mailFilteringOf, updateMailFiltering } from '@/lib/mailboxes/mail-filtering';

const params = z.object({ id: z.string() });

// GET /api/v1/mailboxes/:id/filtering – sender verification, trusted ARC sealers, spam, attachments policy, reply template
export const GET = apiRoute({ params }, async ({ tx, params }) => mailFilteringOf(await getMailbox(tx, params.id)));

// PATCH /api/v1/mailboxes/:id/filtering – { senderVerification?: "enforce"|"record"|"off"|null,
//   trustedAuthservId?: string|null, spamFilter?: boolean, spamScoreThreshold?: number|null, spamSclThreshold?: 0–9,
//   trustedArcSealers?: string[], attachments?: { maxCount?: number|null, maxBytes?: number|null,
//   overLimit?: "strip"|"hold" }, replyTemplate?: string|null (with one {{reply}}) }
export const PATCH = apiRoute({ params, body: z.unknown() }, async ({ tx, apiKeyId, params, body }) =>
  updateMailFiltering(tx, { mailboxId: params.id, input: body, actor: { kind: 'api_key', apiKeyId } }),
);
