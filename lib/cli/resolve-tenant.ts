// `--tenant <slug>` → the tenant, for operator commands (system role: the operator sees every tenant).
import { eq } from 'drizzle-orm';
import { tenants } from '@/db/schema';
import { withSystem } from '@/db/tenancy';
import { AppError } from '@/lib/errors';

export type CliTenant = { id: string; name: string; slug: string };

export async function resolveTenant(slug: string): Promise<CliTenant> {
  const [tenant] = await withSystem((tx) =>
    tx
      .select({ id: tenants.id, name: tenants.name, slug: tenants.slug })
      .from(tenants)
      .where(eq(tenants.slug, slug.trim().toLowerCase())),
  );
  if (!tenant) throw new AppError('not_found', `No tenant with the slug "${slug}". See: npm run cli -- tenant list`);
  return tenant;
}
