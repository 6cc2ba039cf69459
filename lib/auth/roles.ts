// Roles, strongest first. An owner can do everything an admin can, an admin everything an agent can.
import { z } from 'zod';

export const roles = ['owner', 'admin', 'agent'] as const;
export type Role = (typeof roles)[number];
export const roleSchema = z.enum(roles, { error: 'Choose owner, admin or agent.' });

const rank: Record<Role, number> = { owner: 3, admin: 2, agent: 1 };

/** Whether `role` is at least `minimum` (owner ⊇ admin ⊇ agent). */
export function hasRole(role: Role, minimum: Role): boolean {
  return rank[role] >= rank[minimum];
}

/** Owners and admins may manage members, mailboxes, webhooks and API keys; agents work cases. */
export const MANAGE_ROLE: Role = 'admin';
