// GET /t/:slug/cases/:number/presence – the other agents writing a reply on this case now ({"replying":["Ana"]}),
// asked every few seconds by an open case page for the collision notice. 404 for another tenant's case.
import { listReplying } from '@/lib/workspace/case-presence';
import { noStoreJson, notFoundResponse, respondInTenant } from '../../_lib/tenant-for-route';

export const dynamic = 'force-dynamic';

export async function GET(
  _request: Request,
  { params }: { params: Promise<{ slug: string; number: string }> },
): Promise<Response> {
  const { slug, number } = await params;
  if (!/^[1-9][0-9]{0,14}$/.test(number)) return notFoundResponse();
  return respondInTenant(slug, async (tx, access) =>
    noStoreJson({ replying: await listReplying(tx, { number: Number(number), exceptUserId: access.userId }) }),
  );
}
