// Route handlers under /t/[slug] (downloads, originals): the same membership check as requireTenant,
// answered with a plain 404 (no redirect, no page) when there is no session or no membership.
import { withSystem } from '@/db/tenancy';
import { findMembership } from '@/lib/auth/find-membership';
import { getSessionUser } from '@/lib/auth/require-user';

export async function tenantForRoute(slug: string): Promise<{ tenantId: string; userId: string } | null> {
  const user = await getSessionUser();
  if (!user || typeof slug !== 'string' || slug.length > 64) return null;
  const membership = await withSystem((tx) => findMembership(tx, { userId: user.id, slug }));
  return membership ? { tenantId: membership.tenant.id, userId: user.id } : null;
}

export function notFoundResponse(): Response {
  return new Response('Not found.', {
    status: 404,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' },
  });
}
