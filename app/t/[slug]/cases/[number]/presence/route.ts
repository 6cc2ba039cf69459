// GET /t/:slug/cases/:number/presence – the other agents writing a reply on this case now ({"replying":["Ana"]}),
// asked every few seconds by an open case page for the collision notice. 404 for another tenant's case.
import { withTenant } from '@/db/tenancy';
import { isAppError } from '@/lib/errors';
import { listReplying } from '@/lib/workspace/case-presence';
import { notFoundResponse, tenantForRoute } from '../../_lib/tenant-for-route';

export const dynamic = 'force-dynamic';

export async function GET(
  _request: Request,
  { params }: { params: Promise<{ slug: string; number: string }> },
): Promise<Response> {
  const { slug, number } = await params;
  const access = await tenantForRoute(slug);
  if (!access || !/^[1-9][0-9]{0,14}$/.test(number)) return notFoundResponse();
  try {
    const replying = await withTenant(access.tenantId, (tx) =>
      listReplying(tx, { number: Number(number), exceptUserId: access.userId }),
    );
    return Response.json(
      { replying },
      { headers: { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' } },
    );
  } catch (err) {
    if (isAppError(err) && err.code === 'not_found') return notFoundResponse();
    throw err;
  }
}
