// Who is changing the member list, and the rules that protect owners.
import { AppError } from '@/lib/errors';
import { hasRole, MANAGE_ROLE, type Role } from '@/lib/auth/roles';

export type MemberActor = { userId: string; role: Role };

export function assertCanManageMembers(actor: MemberActor): void {
  if (!hasRole(actor.role, MANAGE_ROLE)) throw new AppError('forbidden', 'Only owners and admins can manage members.');
}

/** Only owners hand out or take away the owner role. */
export function assertCanTouchRole(actor: MemberActor, role: Role): void {
  if (role === 'owner' && actor.role !== 'owner')
    throw new AppError('forbidden', 'Only an owner can grant, change or remove the owner role.');
}
