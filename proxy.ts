// Conditional requests for the cases list and case pages (lib/live/page-etag.ts): a GET whose
// If-None-Match still names the page's current ETag is answered 304 before anything is rendered; any other
// gets the ETag on its response. Router requests (RSC payloads, server actions) pass through untouched.
import { NextResponse, type NextRequest } from 'next/server';
import { matchesIfNoneMatch } from '@/lib/live/change-etag';
import { pageEtag } from '@/lib/live/page-etag';

export const config = { matcher: ['/t/:slug/cases', '/t/:slug/cases/:number'] };

export async function proxy(request: NextRequest): Promise<NextResponse> {
  if (request.method !== 'GET' || request.headers.has('rsc') || request.headers.has('next-action'))
    return NextResponse.next();
  const slug = request.nextUrl.pathname.split('/')[2] ?? '';
  const etag = await pageEtag(request, slug).catch(() => null);
  if (!etag) return NextResponse.next();
  const headers = { ETag: etag, 'Cache-Control': 'private, no-cache' };
  if (matchesIfNoneMatch(request, etag)) return new NextResponse(null, { status: 304, headers });
  const response = NextResponse.next();
  response.headers.set('ETag', etag);
  return response;
}
