// Sign-up and sign-in rules (duplicate email, weak password, wrong password).
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { authenticateUser } from '@/lib/auth/authenticate-user';
import { signUp } from '@/lib/auth/sign-up';

const email = () => `signup-${randomBytes(4).toString('hex')}@example.test`;

describe('sign-up', () => {
  it('creates the user, a workspace with a slug from its name, and signs in with the password', async () => {
    const address = email();
    const name = `Zürich Help Desk ${randomBytes(2).toString('hex')}`;
    const created = await signUp({ email: address.toUpperCase(), password: 'correct-horse-1', workspaceName: name });
    expect(created.slug).toMatch(/^zurich-help-desk-[0-9a-f]{4}$/);
    expect(await authenticateUser({ email: address, password: 'correct-horse-1' })).toMatchObject({
      id: created.ownerUserId,
      email: address,
    });
  });

  it('a taken workspace name still signs up, with a suffixed slug', async () => {
    const name = `Same Name ${randomBytes(2).toString('hex')}`;
    const first = await signUp({ email: email(), password: 'correct-horse-1', workspaceName: name });
    const second = await signUp({ email: email(), password: 'correct-horse-1', workspaceName: name });
    expect(second.slug).not.toBe(first.slug);
    expect(second.slug.startsWith(first.slug)).toBe(true);
  });

  it('a duplicate email (any case) is refused on the email field', async () => {
    const address = email();
    await signUp({ email: address, password: 'correct-horse-1', workspaceName: 'First' });
    await expect(
      signUp({ email: address.toUpperCase(), password: 'correct-horse-1', workspaceName: 'Second' }),
    ).rejects.toMatchObject({
      code: 'conflict',
      message: 'An account with this email already exists. Sign in instead.',
      details: { field: 'email' },
    });
  });

  it('a password under 10 characters is refused with the rule', async () => {
    await expect(signUp({ email: email(), password: 'short', workspaceName: 'Weak' })).rejects.toThrow(
      'Use at least 10 characters for the password.',
    );
  });

  it('a wrong password or unknown email does not sign in', async () => {
    const address = email();
    await signUp({ email: address, password: 'correct-horse-1', workspaceName: 'Pw' });
    expect(await authenticateUser({ email: address, password: 'wrong-horse-1' })).toBeNull();
    expect(await authenticateUser({ email: email(), password: 'correct-horse-1' })).toBeNull();
    expect(await authenticateUser({ email: address })).toBeNull();
  });
});

describe('sign-up races', () => {
  it('two sign-ups with the same email at once: one account, the other gets the duplicate-email message', async () => {
    const address = email();
    const results = await Promise.allSettled([
      signUp({ email: address, password: 'correct-horse-1', workspaceName: 'Race One' }),
      signUp({ email: address, password: 'correct-horse-1', workspaceName: 'Race Two' }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason).toMatchObject({ code: 'conflict', details: { field: 'email' } });
  });
});
