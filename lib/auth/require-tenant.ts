// Tenant from the URL, membership from the database (docs/architecture.md, "Tenancy"). Unknown slug and non-member look
// the same (404) so a slug's existence is never revealed; a member lacking the role gets 403.
import { forbidden, notFound } from 'next/navigation';
import { cache } from 'react';
import { withSystem } from '@/db/tenancy';
import { findMembership, type TenantMembership } from './find-membership';
import { requireUser, type SessionUser } from './require-user';
import { hasRole, type Role } from './roles';

export type TenantContext = TenantMembership & { user: SessionUser };

const loadMembership = cache(async (userId: string, slug: string) =>
  withSystem((tx) => findMembership(tx, { userId, slug })),
);

export async function requireTenant(slug: string, opts: { role?: Role } = {}): Promise<TenantContext> {
  const user = await requireUser();
  const membership = typeof slug === 'string' && slug.length <= 64 ? await loadMembership(user.id, slug) : null;
  if (!membership) notFound();
  if (opts.role && !hasRole(membership.role, opts.role)) forbidden();
  return { ...membership, user };
}
