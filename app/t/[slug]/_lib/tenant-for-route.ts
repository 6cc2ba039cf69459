// Route handlers under /t/[slug] (downloads, originals, the small JSON a page polls): the same membership
// check as requireTenant, answered with a plain 404 (no redirect, no page) when there is no session or no
// membership, and the same 404 for a record that is missing or another tenant's.
//
//   // GET /t/:slug/things/:id – one thing as JSON
//   export const GET = memberRoute<{ id: string }>(async ({ tx, params }) => noStoreJson(await getThing(tx, params.id)));
//
// A handler that must not hold a transaction (a stream) calls tenantForRoute itself.
import { withSystem, withTenant, type TenantTx } from '@/db/tenancy';
import { findMembership } from '@/lib/auth/find-membership';
import { getSessionUser } from '@/lib/auth/require-user';
import { isAppError } from '@/lib/errors';

export type RouteAccess = { tenantId: string; userId: string };

export async function tenantForRoute(slug: string): Promise<RouteAccess | null> {
  const user = await getSessionUser();
  if (!user || typeof slug !== 'string' || slug.length > 64) return null;
  const membership = await withSystem((tx) => findMembership(tx, { userId: user.id, slug }));
  return membership ? { tenantId: membership.tenant.id, userId: user.id } : null;
}

/**
 * The member's answer, made inside the tenant's transaction (RLS applies): 404 without membership, and an
 * AppError('not_found') from `respond` (a missing id, another tenant's) is that same 404; other errors rethrow.
 */
export async function respondInTenant(
  slug: string,
  respond: (tx: TenantTx, access: RouteAccess) => Promise<Response>,
): Promise<Response> {
  const access = await tenantForRoute(slug);
  if (!access) return notFoundResponse();
  try {
    return await withTenant(access.tenantId, (tx) => respond(tx, access));
  } catch (err) {
    if (isAppError(err) && err.code === 'not_found') return notFoundResponse();
    throw err;
  }
}

export type MemberRouteContext<P> = { tx: TenantTx; access: RouteAccess; params: P; request: Request };

/**
 * A route handler for the URL's workspace: its params (besides `slug`) are awaited, then `respond` runs
 * through respondInTenant.
 */
export function memberRoute<P extends Record<string, string> = Record<never, never>>(
  respond: (ctx: MemberRouteContext<P>) => Promise<Response>,
): (request: Request, context: { params: Promise<P & { slug: string }> }) => Promise<Response> {
  return async (request, context) => {
    const params = await context.params;
    return respondInTenant(params.slug, (tx, access) => respond({ tx, access, params, request }));
  };
}

/** The few bytes of JSON a page asks for again and again: never cached, never sniffed. */
export function noStoreJson(body: unknown): Response {
  return Response.json(body, { headers: { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' } });
}

export function notFoundResponse(): Response {
  return new Response('Not found.', {
    status: 404,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' },
  });
}
