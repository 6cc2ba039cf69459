// Sign-up and sign-in rules (duplicate email, weak password, wrong password).
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { authenticateUser } from '@/lib/auth/authenticate-user';
import { signUp, signUpRefusedMessage } from '@/lib/auth/sign-up';
import type { SystemMail } from '@/lib/mail/send/send-system-mail';

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

  it('a duplicate email (any case) gets a neutral refusal that does not say an account exists; the owner gets a note', async () => {
    const address = email();
    await signUp({ email: address, password: 'correct-horse-1', workspaceName: 'First' });
    const sent: SystemMail[] = [];
    const err = await signUp(
      { email: address.toUpperCase(), password: 'correct-horse-1', workspaceName: 'Second' },
      { origin: 'https://caseflow.example', send: (m) => sent.push(m) },
    ).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'conflict', message: signUpRefusedMessage, details: { field: 'email' } });
    expect((err as Error).message).not.toMatch(/already exists/);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ to: address });
    expect(sent[0].text).toContain('https://caseflow.example/forgot-password');
  });

  it('a password under 12 characters, or an easy one, is refused with the rule', async () => {
    await expect(signUp({ email: email(), password: 'short', workspaceName: 'Weak' })).rejects.toThrow(
      'Use at least 12 characters for the password.',
    );
    await expect(signUp({ email: email(), password: 'aaaaaaaaaaaa', workspaceName: 'Weak' })).rejects.toThrow(
      /too easy to guess/,
    );
    await expect(signUp({ email: email(), password: 'password1234', workspaceName: 'Weak' })).rejects.toThrow(
      /too easy to guess/,
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
