// Creates a tenant with its owner: a new user (email + password) or an existing one.
import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { memberships, tenants, users } from '@/db/schema';
import { withSystem } from '@/db/tenancy';
import { hashPassword, passwordSchema } from '@/lib/auth/password';
import { recordAudit, type AuditActor } from '@/lib/audit/record-audit';
import { AppError } from '@/lib/errors';
import { emailSchema, tenantNameSchema, tenantSlugSchema } from './schemas';
import { firstIssueMessage, issueList } from '@/lib/zod-issues';

export const createTenantInput = z.object({
  name: tenantNameSchema,
  slug: tenantSlugSchema,
  owner: z.union([
    z.object({ email: emailSchema, password: passwordSchema, name: z.string().trim().max(100).optional() }),
    // A confirmed sign-up (lib/auth/confirm-sign-up.ts): the password was checked and hashed when it was typed.
    z.object({ email: emailSchema, passwordHash: z.string().min(1), name: z.string().trim().max(100).optional() }),
    z.object({ userId: z.uuid() }),
  ]),
});

export type CreatedTenant = { tenantId: string; slug: string; name: string; ownerUserId: string };

export async function createTenant(
  input: z.input<typeof createTenantInput>,
  opts: { actor?: AuditActor; db?: Db } = {},
): Promise<CreatedTenant> {
  const parsed = createTenantInput.safeParse(input);
  if (!parsed.success) {
    throw new AppError('validation', firstIssueMessage(parsed.error) ?? 'Invalid input.', {
      fields: issueList(parsed.error),
    });
  }
  const { name, slug, owner } = parsed.data;
  const passwordHash =
    'password' in owner ? await hashPassword(owner.password) : 'passwordHash' in owner ? owner.passwordHash : null;

  return withSystem(async (tx) => {
    const [taken] = await tx.select({ id: tenants.id }).from(tenants).where(eq(tenants.slug, slug));
    if (taken) throw new AppError('conflict', `The slug "${slug}" is taken. Choose another.`, { field: 'slug' });

    let ownerUserId: string;
    if ('userId' in owner) {
      const [user] = await tx.select({ id: users.id }).from(users).where(eq(users.id, owner.userId));
      if (!user) throw new AppError('not_found', 'That user does not exist.');
      ownerUserId = user.id;
    } else {
      const [existing] = await tx
        .select({ id: users.id })
        .from(users)
        .where(sql`lower(${users.email}) = ${owner.email}`);
      if (existing) {
        throw new AppError('conflict', 'An account with this email already exists. Sign in instead.', {
          field: 'email',
        });
      }
      const [user] = await tx
        .insert(users)
        .values({ email: owner.email, name: owner.name ?? null, passwordHash: passwordHash! })
        .returning({ id: users.id });
      ownerUserId = user.id;
    }
    const [tenant] = await tx.insert(tenants).values({ name, slug }).returning({ id: tenants.id });
    await tx.insert(memberships).values({ tenantId: tenant.id, userId: ownerUserId, role: 'owner' });
    await recordAudit(tx, {
      by: { tenantId: tenant.id, actor: opts.actor ?? { kind: 'user', userId: ownerUserId } },
      action: 'tenant.created',
      target: { type: 'tenant', id: tenant.id },
    });
    return { tenantId: tenant.id, slug, name, ownerUserId };
  }, opts.db);
}
