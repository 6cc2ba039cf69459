import { describe, expect, it } from 'vitest';
import { hasRole } from '@/lib/auth/roles';
import { safeRedirectPath } from '@/lib/auth/safe-redirect-path';
import { assertCanManageMembers, assertCanTouchRole } from '@/lib/members/member-actor';

describe('roles', () => {
  it('owner includes admin includes agent, never the other way', () => {
    expect(hasRole('owner', 'admin')).toBe(true);
    expect(hasRole('admin', 'admin')).toBe(true);
    expect(hasRole('agent', 'admin')).toBe(false);
    expect(hasRole('admin', 'owner')).toBe(false);
    expect(hasRole('agent', 'agent')).toBe(true);
  });

  it('agents cannot manage members; only owners touch the owner role', () => {
    expect(() => assertCanManageMembers({ userId: 'u', role: 'agent' })).toThrow(
      'Only owners and admins can manage members.',
    );
    expect(() => assertCanManageMembers({ userId: 'u', role: 'admin' })).not.toThrow();
    expect(() => assertCanTouchRole({ userId: 'u', role: 'admin' }, 'owner')).toThrow(/Only an owner/);
    expect(() => assertCanTouchRole({ userId: 'u', role: 'owner' }, 'owner')).not.toThrow();
  });
});

describe('redirect after sign-in', () => {
  it('keeps paths on this site and drops everything else', () => {
    expect(safeRedirectPath('/invite/abc')).toBe('/invite/abc');
    expect(safeRedirectPath('//evil.example/x')).toBeNull();
    expect(safeRedirectPath('/\\evil.example')).toBeNull();
    expect(safeRedirectPath('https://evil.example')).toBeNull();
    expect(safeRedirectPath(undefined)).toBeNull();
    expect(safeRedirectPath('/a\nb')).toBeNull();
  });
});
