// GET /t/:slug/live – Server-Sent Events: the tenant's case changes, pushed (README, "Live workspace").
// Signed-in members only (404 otherwise, which also stops the browser's EventSource from retrying);
// Last-Event-ID resumes a reconnecting tab where it stopped.
import { openLiveStream } from '@/lib/live/open-live-stream';
import { sessionKeyFromCookieHeader } from '@/lib/live/session-key';
import { notFoundResponse, tenantForRoute } from '@/app/t/[slug]/_lib/tenant-for-route';

export const dynamic = 'force-dynamic';

export async function GET(request: Request, { params }: { params: Promise<{ slug: string }> }): Promise<Response> {
  const { slug } = await params;
  const access = await tenantForRoute(slug);
  if (!access) return notFoundResponse();
  const resumeFrom = request.headers.get('last-event-id') ?? new URL(request.url).searchParams.get('after');
  const afterId = resumeFrom && /^[0-9]{1,15}$/.test(resumeFrom) ? Number(resumeFrom) : null;
  const stream = openLiveStream({
    tenantId: access.tenantId,
    sessionKey: sessionKeyFromCookieHeader(request.headers.get('cookie')),
    userId: access.userId,
    afterId,
    signal: request.signal,
  });
  return new Response(stream, {
    headers: {
      'Content-Type': 'text/event-stream; charset=utf-8',
      // no-transform: the response compressor would buffer events; proxies must not either.
      'Cache-Control': 'no-cache, no-transform',
      'X-Accel-Buffering': 'no',
      'X-Content-Type-Options': 'nosniff',
    },
  });
}
