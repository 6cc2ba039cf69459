// The tenants a user belongs to, for the tenant switcher and the landing redirect.
import { asc, eq } from 'drizzle-orm';
import type { SystemTx } from '@/db/tenancy';
import { memberships, tenants } from '@/db/schema';
import type { Role } from './roles';

export type UserTenant = { id: string; name: string; slug: string; role: Role };

export async function listUserTenants(tx: SystemTx, { userId }: { userId: string }): Promise<UserTenant[]> {
  return tx
    .select({ id: tenants.id, name: tenants.name, slug: tenants.slug, role: memberships.role })
    .from(memberships)
    .innerJoin(tenants, eq(tenants.id, memberships.tenantId))
    .where(eq(memberships.userId, userId))
    .orderBy(asc(tenants.name));
}
