// GET /t/:slug/settings/mailboxes/:id/progress – a mailbox's state and import progress in a few bytes
// ({"state":"importing","processed":300,"total":1000}): the mailbox page asks it every second during an import
// instead of rendering the whole page again. 404 for a mailbox of another tenant or no membership.
import { withTenant } from '@/db/tenancy';
import { isAppError } from '@/lib/errors';
import { getMailbox } from '@/lib/mailboxes/get-mailbox';
import { notFoundResponse, tenantForRoute } from '../../../../cases/_lib/tenant-for-route';

export const dynamic = 'force-dynamic';

export async function GET(
  _request: Request,
  { params }: { params: Promise<{ slug: string; id: string }> },
): Promise<Response> {
  const { slug, id } = await params;
  const access = await tenantForRoute(slug);
  if (!access) return notFoundResponse();
  try {
    const m = await withTenant(access.tenantId, (tx) => getMailbox(tx, id));
    return Response.json(
      { state: m.state, processed: m.importProcessed, total: m.importTotal },
      { headers: { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' } },
    );
  } catch (err) {
    if (isAppError(err) && err.code === 'not_found') return notFoundResponse();
    throw err;
  }
}
