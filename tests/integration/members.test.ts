// Members and invitations: links work once and for 7 days, roles protect owners, all of it audited.
import { createHash, randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, invitations, memberships } from '@/db/schema';
import { withSystem, withTenant } from '@/db/tenancy';
import { findMembership } from '@/lib/auth/find-membership';
import { acceptInvitation } from '@/lib/members/accept-invitation';
import { changeMemberRole } from '@/lib/members/change-member-role';
import { createInvitation } from '@/lib/members/create-invitation';
import { findInvitation } from '@/lib/members/find-invitation';
import { listMembers } from '@/lib/members/list-members';
import { listPendingInvitations } from '@/lib/members/list-invitations';
import { removeMember } from '@/lib/members/remove-member';
import { revokeInvitation } from '@/lib/members/revoke-invitation';
import type { Role } from '@/lib/auth/roles';
import { makeTenant, type TestTenant } from '../helpers/tenant';

const newPerson = () => ({
  email: `person-${randomBytes(4).toString('hex')}@example.test`,
  password: 'person-password-1',
});

async function invite(t: TestTenant, role: Role, now?: Date) {
  return withTenant(t.tenantId, (tx) =>
    createInvitation(tx, { tenantId: t.tenantId, role, actor: { userId: t.ownerUserId, role: 'owner' }, now }),
  );
}

async function join(t: TestTenant, role: Role) {
  const { token } = await invite(t, role);
  return acceptInvitation({ token, user: newPerson() });
}

async function roleOf(t: TestTenant, userId: string) {
  const [row] = await withTenant(t.tenantId, (tx) =>
    tx
      .select({ role: memberships.role })
      .from(memberships)
      .where(and(eq(memberships.tenantId, t.tenantId), eq(memberships.userId, userId))),
  );
  return row?.role ?? null;
}

type Actor = { userId: string; role: Role };

/** Changes a member's role in `t`, as `actor` would from the members page. */
const setRole = (t: TestTenant, userId: string, role: Role, actor: Actor) =>
  withTenant(t.tenantId, (tx) => changeMemberRole(tx, { tenantId: t.tenantId, userId, role, actor }));

/** Removes a member from `t`, as `actor` would. */
const remove = (t: TestTenant, userId: string, actor: Actor) =>
  withTenant(t.tenantId, (tx) => removeMember(tx, { tenantId: t.tenantId, userId, actor }));

describe('invitations', () => {
  it('a new person accepting a link gets an account and the invited role', async () => {
    const t = await makeTenant('inv');
    const { token, expiresAt } = await invite(t, 'agent');
    expect(expiresAt.getTime() - Date.now()).toBeGreaterThan(6.9 * 24 * 3600 * 1000);
    const accepted = await acceptInvitation({ token, user: newPerson() });
    expect(accepted).toMatchObject({ tenantId: t.tenantId, slug: t.slug, alreadyMember: false });
    expect(await roleOf(t, accepted.userId)).toBe('agent');
    const members = await withTenant(t.tenantId, (tx) => listMembers(tx));
    expect(members.map((m) => m.role).sort()).toEqual(['agent', 'owner']);
  });

  it('only the hash of the token is stored', async () => {
    const t = await makeTenant('inv');
    const { token, id } = await invite(t, 'agent');
    const [row] = await withSystem((tx) => tx.select().from(invitations).where(eq(invitations.id, id)));
    expect(row.tokenHash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(token);
  });

  it('an existing user accepting joins with the invited role', async () => {
    const t = await makeTenant('inv');
    const other = await makeTenant('inv-other');
    const { token } = await invite(t, 'admin');
    const accepted = await acceptInvitation({ token, user: { userId: other.ownerUserId } });
    expect(await roleOf(t, other.ownerUserId)).toBe('admin');
    expect(accepted.alreadyMember).toBe(false);
  });

  it('a link works once: the second acceptance is refused and nobody else joins', async () => {
    const t = await makeTenant('inv');
    const { token } = await invite(t, 'agent');
    await acceptInvitation({ token, user: newPerson() });
    const second = newPerson();
    await expect(acceptInvitation({ token, user: second })).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('already been used'),
    });
    const members = await withTenant(t.tenantId, (tx) => listMembers(tx));
    expect(members).toHaveLength(2);
    expect((await findInvitation(token))?.status).toBe('accepted');
  });

  it('two people accepting the same link at once: exactly one gets in', async () => {
    const t = await makeTenant('inv');
    const { token } = await invite(t, 'agent');
    const results = await Promise.allSettled([
      acceptInvitation({ token, user: newPerson() }),
      acceptInvitation({ token, user: newPerson() }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const members = await withTenant(t.tenantId, (tx) => listMembers(tx));
    expect(members).toHaveLength(2);
  });

  it('an expired link is refused with a clear message', async () => {
    const t = await makeTenant('inv');
    const eightDaysAgo = new Date(Date.now() - 8 * 24 * 3600 * 1000);
    const { token } = await invite(t, 'agent', eightDaysAgo);
    expect((await findInvitation(token))?.status).toBe('expired');
    await expect(acceptInvitation({ token, user: newPerson() })).rejects.toMatchObject({
      code: 'conflict',
      message: 'This invitation has expired. Ask the person who invited you for a new link.',
    });
    const pending = await withTenant(t.tenantId, (tx) => listPendingInvitations(tx));
    expect(pending).toEqual([]);
  });

  it('a made-up or revoked token is not found', async () => {
    const t = await makeTenant('inv');
    await expect(acceptInvitation({ token: 'x'.repeat(43), user: newPerson() })).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(acceptInvitation({ token: 'short', user: newPerson() })).rejects.toMatchObject({ code: 'not_found' });
    const { token, id } = await invite(t, 'agent');
    await withTenant(t.tenantId, (tx) =>
      revokeInvitation(tx, { tenantId: t.tenantId, invitationId: id, actor: { userId: t.ownerUserId, role: 'owner' } }),
    );
    await expect(acceptInvitation({ token, user: newPerson() })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('a new account with a taken email or a weak password is refused and the link stays usable', async () => {
    const t = await makeTenant('inv');
    const { token } = await invite(t, 'agent');
    await expect(
      acceptInvitation({ token, user: { email: t.ownerEmail, password: 'long-enough-pw' } }),
    ).rejects.toMatchObject({ code: 'conflict', details: { field: 'email' } });
    await expect(acceptInvitation({ token, user: { email: 'weak@example.test', password: 'short' } })).rejects.toThrow(
      'Use at least 12 characters for the password.',
    );
    expect((await findInvitation(token))?.status).toBe('pending');
  });

  it('an agent cannot invite, and an admin cannot invite owners', async () => {
    const t = await makeTenant('inv');
    const agent = await join(t, 'agent');
    const admin = await join(t, 'admin');
    await expect(
      withTenant(t.tenantId, (tx) =>
        createInvitation(tx, { tenantId: t.tenantId, role: 'agent', actor: { userId: agent.userId, role: 'agent' } }),
      ),
    ).rejects.toMatchObject({ code: 'forbidden' });
    await expect(
      withTenant(t.tenantId, (tx) =>
        createInvitation(tx, { tenantId: t.tenantId, role: 'owner', actor: { userId: admin.userId, role: 'admin' } }),
      ),
    ).rejects.toMatchObject({ code: 'forbidden' });
    await expect(
      withTenant(t.tenantId, (tx) =>
        createInvitation(tx, { tenantId: t.tenantId, role: 'agent', actor: { userId: admin.userId, role: 'admin' } }),
      ),
    ).resolves.toMatchObject({ role: 'agent' });
  });
});

describe('roles and removal', () => {
  it('the last owner can be neither demoted nor removed', async () => {
    const t = await makeTenant('own');
    const actor = { userId: t.ownerUserId, role: 'owner' as const };
    await expect(setRole(t, t.ownerUserId, 'admin', actor)).rejects.toMatchObject({ code: 'conflict' });
    await expect(remove(t, t.ownerUserId, actor)).rejects.toMatchObject({
      code: 'conflict',
      message: 'The last owner cannot be removed. Make someone else an owner first.',
    });
    expect(await roleOf(t, t.ownerUserId)).toBe('owner');
  });

  it('with a second owner, the first can step down; two owners demoting each other at once leave one', async () => {
    const t = await makeTenant('own');
    const second = await join(t, 'owner');
    await setRole(t, t.ownerUserId, 'admin', { userId: t.ownerUserId, role: 'owner' });
    expect(await roleOf(t, t.ownerUserId)).toBe('admin');

    const u = await makeTenant('race');
    const other = await join(u, 'owner');
    const results = await Promise.allSettled([
      setRole(u, u.ownerUserId, 'agent', { userId: other.userId, role: 'owner' }),
      setRole(u, other.userId, 'agent', { userId: u.ownerUserId, role: 'owner' }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const roles = [await roleOf(u, u.ownerUserId), await roleOf(u, other.userId)];
    expect(roles.filter((r) => r === 'owner')).toHaveLength(1);
    expect(second.alreadyMember).toBe(false);
  });

  it('an admin manages agents but cannot touch owners or make owners', async () => {
    const t = await makeTenant('adm');
    const admin = await join(t, 'admin');
    const agent = await join(t, 'agent');
    const actor = { userId: admin.userId, role: 'admin' as const };
    await setRole(t, agent.userId, 'admin', actor);
    expect(await roleOf(t, agent.userId)).toBe('admin');
    await expect(setRole(t, agent.userId, 'owner', actor)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(remove(t, t.ownerUserId, actor)).rejects.toMatchObject({ code: 'forbidden' });
    await remove(t, agent.userId, actor);
    expect(await roleOf(t, agent.userId)).toBeNull();
  });

  it('an agent cannot change roles or remove anyone', async () => {
    const t = await makeTenant('agt');
    const agent = await join(t, 'agent');
    const actor = { userId: agent.userId, role: 'agent' as const };
    await expect(setRole(t, agent.userId, 'admin', actor)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(remove(t, t.ownerUserId, actor)).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('another tenant’s member cannot be changed or removed through this tenant', async () => {
    const t = await makeTenant('x');
    const other = await makeTenant('y');
    const actor = { userId: t.ownerUserId, role: 'owner' as const };
    await expect(remove(t, other.ownerUserId, actor)).rejects.toMatchObject({ code: 'not_found' });
    // Even naming the other tenant's id inside this tenant's transaction finds nothing (RLS).
    await expect(
      withTenant(t.tenantId, (tx) => removeMember(tx, { tenantId: other.tenantId, userId: other.ownerUserId, actor })),
    ).rejects.toMatchObject({ code: 'not_found' });
    expect(await roleOf(other, other.ownerUserId)).toBe('owner');
  });

  it('invitations, role changes and removals are audit-logged', async () => {
    const t = await makeTenant('aud');
    const agent = await join(t, 'agent');
    const actor = { userId: t.ownerUserId, role: 'owner' as const };
    await setRole(t, agent.userId, 'admin', actor);
    await remove(t, agent.userId, actor);
    const actions = (await withTenant(t.tenantId, (tx) => tx.select({ action: auditLog.action }).from(auditLog))).map(
      (r) => r.action,
    );
    expect(actions).toEqual(
      expect.arrayContaining(['invitation.created', 'invitation.accepted', 'member.role_changed', 'member.removed']),
    );
  });
});

describe('membership lookup behind requireTenant', () => {
  it('finds the member’s role by slug and returns null for non-members and unknown slugs alike', async () => {
    const t = await makeTenant('look');
    const other = await makeTenant('look-other');
    const mine = await withSystem((tx) => findMembership(tx, { userId: t.ownerUserId, slug: t.slug }));
    expect(mine).toEqual({ tenant: { id: t.tenantId, name: t.name, slug: t.slug }, role: 'owner' });
    expect(await withSystem((tx) => findMembership(tx, { userId: t.ownerUserId, slug: other.slug }))).toBeNull();
    expect(await withSystem((tx) => findMembership(tx, { userId: t.ownerUserId, slug: 'no-such-slug' }))).toBeNull();
  });
});
