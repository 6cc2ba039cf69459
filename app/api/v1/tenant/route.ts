// GET /api/v1/tenant – the tenant the API key belongs to
import { eq } from 'drizzle-orm';
import { tenants } from '@/db/schema';
import { apiRoute } from '@/lib/api/api-route';
import { AppError } from '@/lib/errors';

export const GET = apiRoute({}, async ({ tx, tenantId }) => {
  const [tenant] = await tx
    .select({ id: tenants.id, name: tenants.name, slug: tenants.slug, createdAt: tenants.createdAt })
    .from(tenants)
    .where(eq(tenants.id, tenantId));
  if (!tenant) throw new AppError('not_found', 'Tenant not found.');
  return tenant;
});
