// Accounts resist attack (README "Accounts"): sign-in throttling with growing, capped waits per account and
// per client address; revocable sessions; password reset by mailed link; the password policy. Before this,
// 100 wrong passwords in a row were all checked at 15/s, a copied session cookie outlived sign-out, and
// `aaaaaaaaaa` was an accepted password.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { withSystem } from '@/db/tenancy';
import { addressAllowance } from '@/lib/auth/address-throttle';
import { changePassword } from '@/lib/auth/change-password';
import { clientAddress, SOCKET_ADDRESS_HEADER } from '@/lib/auth/client-address';
import { passwordWeakness } from '@/lib/auth/password';
import { requestPasswordReset } from '@/lib/auth/request-password-reset';
import { resetPassword } from '@/lib/auth/reset-password';
import { throttleDelaySeconds, throttlePolicy } from '@/lib/auth/sign-in-throttle';
import { signInWithPassword } from '@/lib/auth/sign-in-with-password';
import { signUp } from '@/lib/auth/sign-up';
import { findSessionUser, revokeAllSessions, revokeSession, startSession } from '@/lib/auth/user-sessions';
import type { SystemMail } from '@/lib/mail/send/send-system-mail';
import { makeTenant } from '../helpers/tenant';

const ip = () => `2001:db8::${randomBytes(2).toString('hex')}:${randomBytes(2).toString('hex')}`;

describe('sign-in throttling', () => {
  it('20 wrong passwords lead to refusals with a growing wait; the right password works once the wait is over', async () => {
    const t = await makeTenant('throttle');
    let now = new Date('2030-01-01T00:00:00Z');
    const from = ip();
    const waits: number[] = [];
    for (let i = 0; i < 20; i++) {
      const outcome = await signInWithPassword(
        { email: t.ownerEmail, password: `wrong-${i}` },
        { clientAddress: from, now },
      );
      expect(outcome.ok).toBe(false);
      if (!outcome.ok && outcome.retryAfterSeconds) {
        waits.push(outcome.retryAfterSeconds);
        // A try during the wait is refused without looking at the password, the right one included.
        const early = await signInWithPassword(
          { email: t.ownerEmail, password: t.ownerPassword },
          { clientAddress: from, now: new Date(now.getTime() + 500) },
        );
        expect(early).toEqual({ ok: false, retryAfterSeconds: expect.any(Number) });
        now = new Date(now.getTime() + outcome.retryAfterSeconds * 1000);
      }
    }
    // The first five are free, then 1 s, 2 s, 4 s … up to the cap.
    expect(waits.slice(0, 4)).toEqual([1, 2, 4, 8]);
    expect(waits.length).toBe(20 - throttlePolicy.freeFailures.account);
    expect(Math.max(...waits)).toBe(throttlePolicy.maxDelaySeconds);

    // The owner is never locked out for good: after the wait, the right password works, from anywhere.
    const after = await signInWithPassword(
      { email: t.ownerEmail, password: t.ownerPassword },
      { clientAddress: ip(), now },
    );
    expect(after).toMatchObject({ ok: true, user: { id: t.ownerUserId } });
    // …and the account's count starts again.
    const next = await signInWithPassword(
      { email: t.ownerEmail, password: 'wrong-again' },
      { clientAddress: ip(), now },
    );
    expect(next).toEqual({ ok: false });
  });

  it('one client address trying many accounts is slowed down too, and unknown accounts are throttled alike', async () => {
    const from = ip();
    const now = new Date('2030-02-01T00:00:00Z');
    let refused: number | undefined;
    for (let i = 0; i <= throttlePolicy.freeFailures.address; i++) {
      const outcome = await signInWithPassword(
        { email: `nobody-${randomBytes(4).toString('hex')}@example.test`, password: 'whatever-password' },
        { clientAddress: from, now },
      );
      if (!outcome.ok) refused = outcome.retryAfterSeconds;
    }
    expect(refused).toBe(1);
    const t = await makeTenant('throttle');
    const blocked = await signInWithPassword(
      { email: t.ownerEmail, password: t.ownerPassword },
      { clientAddress: from, now },
    );
    expect(blocked).toEqual({ ok: false, retryAfterSeconds: 1 });
    // Another address is not affected.
    expect(
      (await signInWithPassword({ email: t.ownerEmail, password: t.ownerPassword }, { clientAddress: ip(), now })).ok,
    ).toBe(true);
  });

  it('the wait doubles and is capped, so no account is locked for good', () => {
    expect(throttleDelaySeconds(5, 5)).toBe(0);
    expect(throttleDelaySeconds(6, 5)).toBe(1);
    expect(throttleDelaySeconds(10, 5)).toBe(16);
    expect(throttleDelaySeconds(1000, 5)).toBe(throttlePolicy.maxDelaySeconds);
  });
});

describe('sessions', () => {
  it('sign-out ends one session; sign out everywhere and a password change end all of them', async () => {
    const t = await makeTenant('sessions');
    const a = await withSystem((tx) => startSession(tx, t.ownerUserId));
    const b = await withSystem((tx) => startSession(tx, t.ownerUserId));
    const check = (claims: typeof a) => withSystem((tx) => findSessionUser(tx, claims));
    expect(await check(a)).toMatchObject({ id: t.ownerUserId });

    await withSystem((tx) => revokeSession(tx, a.sessionId));
    expect(await check(a)).toBeNull();
    expect(await check(b)).toMatchObject({ id: t.ownerUserId });
    // A forged claim for someone else's session or an older version is worth nothing.
    expect(await check({ ...b, version: b.version + 1 })).toBeNull();
    const other = await makeTenant('sessions');
    expect(await check({ ...b, userId: other.ownerUserId })).toBeNull();

    await withSystem((tx) => revokeAllSessions(tx, t.ownerUserId));
    expect(await check(b)).toBeNull();

    const c = await withSystem((tx) => startSession(tx, t.ownerUserId));
    expect(await check(c)).toMatchObject({ id: t.ownerUserId });
    await expect(
      changePassword(t.ownerUserId, { currentPassword: 'not-it', newPassword: 'a-brand-new-passphrase-7' }),
    ).rejects.toMatchObject({ code: 'validation', details: { field: 'currentPassword' } });
    expect(await check(c)).not.toBeNull();
    await changePassword(t.ownerUserId, { currentPassword: t.ownerPassword, newPassword: 'a-brand-new-passphrase-7' });
    expect(await check(c)).toBeNull();
    expect((await signInWithPassword({ email: t.ownerEmail, password: 'a-brand-new-passphrase-7' })).ok).toBe(true);
  });
});

describe('password reset', () => {
  it('mails a single-use link that sets a new password, ends every session and lifts the throttle', async () => {
    const t = await makeTenant('reset');
    const session = await withSystem((tx) => startSession(tx, t.ownerUserId));
    const now = new Date();
    // Lock the account first: the reset must let the owner back in.
    for (let i = 0; i < 8; i++) await signInWithPassword({ email: t.ownerEmail, password: `wrong-${i}` }, { now });
    expect((await signInWithPassword({ email: t.ownerEmail, password: t.ownerPassword }, { now })).ok).toBe(false);

    const sent: SystemMail[] = [];
    const send = (m: SystemMail) => sent.push(m);
    await requestPasswordReset({ email: t.ownerEmail.toUpperCase() }, { origin: 'https://cf.example/', send });
    await requestPasswordReset({ email: t.ownerEmail }, { origin: 'https://cf.example', send }); // within a minute: no second mail
    await requestPasswordReset(
      { email: `nobody-${randomBytes(3).toString('hex')}@example.test` },
      { origin: 'x', send },
    );
    expect(sent).toHaveLength(1);
    expect(sent[0].to).toBe(t.ownerEmail);
    const token = /https:\/\/cf\.example\/reset-password\/([A-Za-z0-9_-]{43})/.exec(sent[0].text)?.[1];
    expect(token).toBeDefined();

    await expect(resetPassword({ token: token!, password: 'aaaaaaaaaaaa' })).rejects.toThrow(/too easy to guess/);
    expect(await resetPassword({ token: token!, password: 'reset-to-this-passphrase-3' })).toEqual({
      email: t.ownerEmail,
    });
    await expect(resetPassword({ token: token!, password: 'and-again-another-one-4' })).rejects.toMatchObject({
      code: 'conflict',
    });
    expect(await withSystem((tx) => findSessionUser(tx, session))).toBeNull();
    expect((await signInWithPassword({ email: t.ownerEmail, password: t.ownerPassword }, { now })).ok).toBe(false);
    expect(
      (await signInWithPassword({ email: t.ownerEmail, password: 'reset-to-this-passphrase-3' }, { now })).ok,
    ).toBe(true);
  });

  it('an expired or made-up link is refused', async () => {
    const t = await makeTenant('reset');
    const sent: SystemMail[] = [];
    await requestPasswordReset({ email: t.ownerEmail }, { origin: 'https://cf.example', send: (m) => sent.push(m) });
    const token = /reset-password\/([A-Za-z0-9_-]{43})/.exec(sent[0].text)![1];
    const later = new Date(Date.now() + 2 * 60 * 60_000);
    await expect(
      resetPassword({ token, password: 'reset-to-this-passphrase-3' }, { now: later }),
    ).rejects.toMatchObject({ code: 'conflict' });
    await expect(
      resetPassword({ token: 'x'.repeat(43), password: 'reset-to-this-passphrase-3' }),
    ).rejects.toMatchObject({ code: 'conflict' });
  });
});

describe('password policy', () => {
  it('refuses short, repeated, common and keyboard-walk passwords and accepts a passphrase', () => {
    for (const weak of ['aaaaaaaaaaaa', 'password1234', 'qwertyuiop12', '123456789012'])
      expect(passwordWeakness(weak), weak).toMatch(/too easy to guess/);
    expect(passwordWeakness('correct-horse-1')).toBeNull();
    expect(passwordWeakness('x'.repeat(3) + 'a much longer passphrase with words '.repeat(5))).toBeNull();
  });
});

describe('client addresses and per-address limits', () => {
  it("X-Forwarded-For counts only with TRUST_PROXY; otherwise the socket address npm start writes (it used to be the client's choice)", () => {
    const h = new Headers({
      'x-forwarded-for': '203.0.113.9, 198.51.100.7',
      [SOCKET_ADDRESS_HEADER]: '::ffff:10.1.2.3',
    });
    expect(clientAddress(h, { trustProxy: true, socketAddressHeaderSet: true })).toBe('198.51.100.7');
    expect(clientAddress(h, { trustProxy: false, socketAddressHeaderSet: true })).toBe('10.1.2.3');
    // A bare `next start`: nothing to trust, so no address (and only the per-account limits apply).
    expect(clientAddress(h, { trustProxy: false, socketAddressHeaderSet: false })).toBeNull();
  });

  it('password-reset requests from one address are limited, with "try again in N s"; another address is not', async () => {
    const from = ip();
    const nobody = () => ({ email: `nobody-${randomBytes(3).toString('hex')}@example.test` });
    const now = new Date();
    for (let i = 0; i < addressAllowance['password-reset'] + 1; i++)
      await requestPasswordReset(nobody(), { origin: 'x', send: () => {}, clientAddress: from, now });
    await expect(
      requestPasswordReset(nobody(), { origin: 'x', send: () => {}, clientAddress: from, now }),
    ).rejects.toMatchObject({ code: 'rate_limited', message: expect.stringMatching(/Try again in \d+ s/) });
    await requestPasswordReset(nobody(), { origin: 'x', send: () => {}, clientAddress: ip(), now });
    // The wait passes.
    const later = new Date(now.getTime() + 5_000);
    await requestPasswordReset(nobody(), { origin: 'x', send: () => {}, clientAddress: from, now: later });
  });

  it('sign-ups from one address are limited the same way', async () => {
    const from = ip();
    const t = await makeTenant('signup-limit');
    // One clock for every try: on a busy machine the tries (each hashes a password) outlast the first 1 s wait.
    const now = new Date();
    // Addresses that already have an account: each try counts, and no workspace is made.
    const again = () =>
      signUp(
        { email: t.ownerEmail, password: 'correct-horse-battery-1', workspaceName: 'Again' },
        { send: () => {}, clientAddress: from, now },
      ).catch((e: unknown) => e);
    for (let i = 0; i < addressAllowance['sign-up'] + 1; i++) expect(await again()).toMatchObject({ code: 'conflict' });
    expect(await again()).toMatchObject({ code: 'rate_limited', message: expect.stringMatching(/Try again in \d+ s/) });
    expect(
      await signUp(
        { email: t.ownerEmail, password: 'correct-horse-battery-1', workspaceName: 'Again' },
        { send: () => {}, clientAddress: ip() },
      ).catch((e: unknown) => e),
    ).toMatchObject({ code: 'conflict' });
  });
});
