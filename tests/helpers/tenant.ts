// Each test makes its own tenant (and owner) with unique names, and agents who joined it by invitation.
import { randomBytes } from 'node:crypto';
import { withTenant } from '@/db/tenancy';
import { acceptInvitation } from '@/lib/members/accept-invitation';
import { createInvitation } from '@/lib/members/create-invitation';
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

export type TestAgent = { userId: string; email: string; password: string };

/** A new account that joins `tenant` as an agent through an owner's invitation, as a person would. */
export async function addAgent(tenant: TestTenant): Promise<TestAgent> {
  const { token } = await withTenant(tenant.tenantId, (tx) =>
    createInvitation(tx, {
      tenantId: tenant.tenantId,
      role: 'agent',
      actor: { userId: tenant.ownerUserId, role: 'owner' },
    }),
  );
  const email = `agent-${randomBytes(4).toString('hex')}@example.test`;
  const password = 'agent-password-1';
  const { userId } = await acceptInvitation({ token, user: { email, password } });
  return { userId, email, password };
}
