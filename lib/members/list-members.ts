// Members of the current tenant (run inside withTenant: RLS shows only this tenant's memberships).
import { asc, eq } from 'drizzle-orm';
import type { TenantTx } from '@/db/tenancy';
import { memberships, users } from '@/db/schema';
import type { Role } from '@/lib/auth/roles';

export type Member = { userId: string; email: string; name: string | null; role: Role; joinedAt: Date };

export async function listMembers(tx: TenantTx): Promise<Member[]> {
  return tx
    .select({
      userId: users.id,
      email: users.email,
      name: users.name,
      role: memberships.role,
      joinedAt: memberships.createdAt,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .orderBy(asc(users.email));
}
