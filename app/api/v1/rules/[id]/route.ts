// GET /api/v1/rules/:id – one rule (with its problems, e.g. an assignee who left)
// PATCH /api/v1/rules/:id – change name, enabled, match, conditions or actions
// DELETE /api/v1/rules/:id – delete it
import { z } from 'zod';
import { apiRoute } from '@/lib/api/api-route';
import { getRule } from '@/lib/rules/list-rules';
import { deleteRule, updateRule } from '@/lib/rules/save-rule';

const params = z.object({ id: z.string() });

export const GET = apiRoute({ params }, async ({ tx, params }) => getRule(tx, { ruleId: params.id }));

export const PATCH = apiRoute({ params, body: z.unknown() }, async ({ tx, tenantId, apiKeyId, params, body }) =>
  updateRule(tx, { tenantId, ruleId: params.id, input: body, actor: { kind: 'api_key', apiKeyId } }),
);

export const DELETE = apiRoute({ params }, async ({ tx, tenantId, apiKeyId, params }) =>
  deleteRule(tx, { tenantId, ruleId: params.id, actor: { kind: 'api_key', apiKeyId } }),
);
