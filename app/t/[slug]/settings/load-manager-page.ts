// How the managers-only settings pages (API keys, members, rules, senders, webhooks) start: the workspace
// from the URL with the admin role checked (403 otherwise), then the page's data read in one tenant
// transaction.
import { withTenant, type TenantTx } from '@/db/tenancy';
import { requireTenant, type TenantContext } from '@/lib/auth/require-tenant';
import { MANAGE_ROLE } from '@/lib/auth/roles';

export async function loadManagerPage<T>(
  params: Promise<{ slug: string }>,
  load: (tx: TenantTx) => Promise<T>,
): Promise<TenantContext & { data: T }> {
  const { slug } = await params;
  const ctx = await requireTenant(slug, { role: MANAGE_ROLE });
  return { ...ctx, data: await withTenant(ctx.tenant.id, load) };
}
