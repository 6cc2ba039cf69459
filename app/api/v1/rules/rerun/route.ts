// POST /api/v1/rules/rerun – apply the current rules to an ignored message ({ "ignoredMessageId" })
// or to open cases ({ "caseNumbers": [..] }). Without "confirm": true it only answers what would change.
import { z } from 'zod';
import { apiRoute } from '@/lib/api/api-route';
import { rerunRules } from '@/lib/rules/rerun-rules';

export const POST = apiRoute({ body: z.unknown() }, async ({ tx, tenantId, apiKeyId, body }) =>
  rerunRules(tx, { tenantId, input: body, actor: { kind: 'api_key', apiKeyId } }),
);
