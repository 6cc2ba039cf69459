// POST /api/v1/rules/reorder – the full new order of one scope: { "mailboxId": null | "<id>", "ruleIds": [...] }
import { z } from 'zod';
import { apiRoute } from '@/lib/api/api-route';
import { reorderRules } from '@/lib/rules/reorder-rules';

export const POST = apiRoute({ body: z.unknown() }, async ({ tx, tenantId, apiKeyId, body }) => ({
  data: await reorderRules(tx, { tenantId, input: body, actor: { kind: 'api_key', apiKeyId } }),
}));
