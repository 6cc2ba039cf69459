// Reading one tenant's public fields: the API's GET /api/v1/tenant and the OAuth callback's redirect
// (which needs the slug) read it here, so app/ never queries the tables itself.
import { eq } from 'drizzle-orm';
import type { Tx } from '@/db/tenancy';
import { tenants } from '@/db/schema';
import { AppError } from '@/lib/errors';

export type PublicTenant = { id: string; name: string; slug: string; createdAt: Date };

/** One tenant by id; not_found when the transaction cannot see it. */
export async function getTenant(tx: Tx, tenantId: string): Promise<PublicTenant> {
  const [tenant] = await tx
    .select({ id: tenants.id, name: tenants.name, slug: tenants.slug, createdAt: tenants.createdAt })
    .from(tenants)
    .where(eq(tenants.id, tenantId));
  if (!tenant) throw new AppError('not_found', 'Tenant not found.');
  return tenant;
}
