// GET /t/:slug/live/unread – how many of the signed-in agent's own cases have customer mail they have not seen
// ({"count":3}): the tab title's number and the browser notification ask it now and then. 404 without membership.
import { withTenant } from '@/db/tenancy';
import { countUnreadCases } from '@/lib/workspace/count-unread-cases';
import { notFoundResponse, tenantForRoute } from '../../cases/_lib/tenant-for-route';

export const dynamic = 'force-dynamic';

export async function GET(_request: Request, { params }: { params: Promise<{ slug: string }> }): Promise<Response> {
  const { slug } = await params;
  const access = await tenantForRoute(slug);
  if (!access) return notFoundResponse();
  const count = await withTenant(access.tenantId, (tx) => countUnreadCases(tx, { userId: access.userId }));
  return Response.json({ count }, { headers: { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' } });
}
