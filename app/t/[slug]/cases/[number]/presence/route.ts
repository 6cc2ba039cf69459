// GET /t/:slug/cases/:number/presence – the other agents writing a reply on this case now ({"replying":["Ana"]}),
// asked every few seconds by an open case page for the collision notice. 404 for another tenant's case.
import { listReplying } from '@/lib/workspace/case-presence';
import { memberRoute, noStoreJson, notFoundResponse } from '@/app/t/[slug]/_lib/tenant-for-route';

export const dynamic = 'force-dynamic';

export const GET = memberRoute<{ number: string }>(async ({ tx, access, params }) => {
  if (!/^[1-9][0-9]{0,14}$/.test(params.number)) return notFoundResponse();
  return noStoreJson({
    replying: await listReplying(tx, { number: Number(params.number), exceptUserId: access.userId }),
  });
});
