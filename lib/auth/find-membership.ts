// Tenant by URL slug plus the user's membership in it: the one lookup behind requireTenant.
import { and, eq } from 'drizzle-orm';
import type { SystemTx } from '@/db/tenancy';
import { memberships, tenants } from '@/db/schema';
import type { Role } from './roles';

export type TenantMembership = { tenant: { id: string; name: string; slug: string }; role: Role };

/** Null when the slug is unknown or the user is not a member: callers answer both with the same 404. */
export async function findMembership(
  tx: SystemTx,
  { userId, slug }: { userId: string; slug: string },
): Promise<TenantMembership | null> {
  const [row] = await tx
    .select({ id: tenants.id, name: tenants.name, slug: tenants.slug, role: memberships.role })
    .from(tenants)
    .innerJoin(memberships, and(eq(memberships.tenantId, tenants.id), eq(memberships.userId, userId)))
    .where(eq(tenants.slug, slug.toLowerCase()));
  if (!row) return null;
  return { tenant: { id: row.id, name: row.name, slug: row.slug }, role: row.role };
}
