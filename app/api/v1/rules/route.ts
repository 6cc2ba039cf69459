// GET /api/v1/rules – the tenant's rules in run order (?scope=tenant|<mailbox id> narrows it)
// POST /api/v1/rules – create a rule (regexes validated now; appended to the end of its scope)
import { z } from 'zod';
import { apiRoute } from '@/lib/api/api-route';
import { listRules } from '@/lib/rules/list-rules';
import { createRule } from '@/lib/rules/save-rule';

export const GET = apiRoute({ query: z.object({ scope: z.string().optional() }) }, async ({ tx, query }) => ({
  data: await listRules(tx, { scope: query.scope }),
}));

export const POST = apiRoute({ body: z.unknown(), status: 201 }, async ({ tx, tenantId, apiKeyId, body }) =>
  createRule(tx, { tenantId, input: body, actor: { kind: 'api_key', apiKeyId } }),
);
