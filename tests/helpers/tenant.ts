// Each test makes its own tenant (and owner) with unique names.
import { randomBytes } from 'node:crypto';
import { createTenant, type CreatedTenant } from '@/lib/tenants/create-tenant';

export type TestTenant = CreatedTenant & { ownerEmail: string; ownerPassword: string };

export async function makeTenant(label = 't'): Promise<TestTenant> {
  const suffix = randomBytes(4).toString('hex');
  const ownerEmail = `owner-${suffix}@example.test`;
  const ownerPassword = `pw-${suffix}-long-enough`;
  const created = await createTenant({
    name: `Tenant ${label} ${suffix}`,
    slug: `${label}-${suffix}`.toLowerCase(),
    owner: { email: ownerEmail, password: ownerPassword },
  });
  return { ...created, ownerEmail, ownerPassword };
}
