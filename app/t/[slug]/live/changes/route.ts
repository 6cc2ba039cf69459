// GET /t/:slug/live/changes?after=N – "changed since": the fallback when a tab cannot hold a stream open.
// A few bytes when nothing changed ({"last":N,"events":[]}), instead of re-rendering the page to find out.
import { withTenant } from '@/db/tenancy';
import { CATCH_UP_LIMIT } from '@/lib/live/open-live-stream';
import { latestLiveEventId, listLiveEvents } from '@/lib/live/list-live-events';
import { notFoundResponse, tenantForRoute } from '../../cases/_lib/tenant-for-route';

export const dynamic = 'force-dynamic';

export async function GET(request: Request, { params }: { params: Promise<{ slug: string }> }): Promise<Response> {
  const { slug } = await params;
  const access = await tenantForRoute(slug);
  if (!access) return notFoundResponse();
  const after = new URL(request.url).searchParams.get('after') ?? '';
  const body = await withTenant(access.tenantId, async (tx) => {
    if (!/^[0-9]{1,15}$/.test(after)) return { last: await latestLiveEventId(tx), events: [] };
    const events = await listLiveEvents(tx, { afterId: Number(after), limit: CATCH_UP_LIMIT });
    const last = Math.max(Number(after), ...events.map((e) => e.id));
    return events.length >= CATCH_UP_LIMIT
      ? { last, events: [{ id: last, number: null, kind: 'resync' as const }] }
      : { last, events };
  });
  return Response.json(body, { headers: { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' } });
}
