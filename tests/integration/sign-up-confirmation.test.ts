// Enumeration-proof sign-up (SMTP_URL set; lib/auth/request-sign-up.ts): the answer is the same for a new
// and an existing address, the new one gets a sealed, expiring link and nothing is stored until it is
// used; the existing one gets the "someone tried" note. The link creates the workspace once.
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { users } from '@/db/schema';
import { withSystem } from '@/db/tenancy';
import { verifyPassword } from '@/lib/auth/password';
import { confirmSignUp, describeSignUpLink } from '@/lib/auth/confirm-sign-up';
import { requestSignUp } from '@/lib/auth/request-sign-up';
import type { SystemMail } from '@/lib/mail/send/send-system-mail';
import { makeTenant } from '../helpers/tenant';

const uid = () => randomBytes(4).toString('hex');
const ip = () => `198.18.${randomBytes(1)[0]}.${randomBytes(1)[0]}`;

async function request(email: string, now = new Date()) {
  const sent: SystemMail[] = [];
  const answer = await requestSignUp(
    { email, password: `sign-up passphrase ${uid()}`, workspaceName: `Confirm ${uid()}`, name: 'Rae' },
    { origin: 'https://caseflow.example/', now, send: (m) => sent.push(m), clientAddress: ip() },
  );
  return { answer, sent };
}

const tokenIn = (mail: SystemMail) => /\/sign-up\/confirm\/(\S+)/.exec(mail.text)?.[1] ?? '';

async function userCount(email: string) {
  const rows = await withSystem((tx) =>
    tx
      .select({ id: users.id, passwordHash: users.passwordHash })
      .from(users)
      .where(sql`lower(${users.email}) = ${email}`),
  );
  return rows;
}

describe('sign-up confirmed by email', () => {
  it('answers alike for a new and an existing address; only the new one gets a link, and nothing is stored yet', async () => {
    const existing = await makeTenant('confirm-existing');
    const fresh = `fresh-${uid()}@example.test`;
    const a = await request(existing.ownerEmail);
    const b = await request(fresh);
    expect(Object.keys(a.answer)).toEqual(Object.keys(b.answer));
    expect(a.sent).toHaveLength(1);
    expect(a.sent[0].subject).toBe('Someone tried to create a Caseflow account with your address');
    expect(a.sent[0].text).not.toContain('/sign-up/confirm/');
    expect(b.sent).toHaveLength(1);
    expect(b.sent[0].subject).toBe('Confirm your Caseflow sign-up');
    expect(b.sent[0].text).toContain('https://caseflow.example/sign-up/confirm/');
    expect(await userCount(fresh)).toHaveLength(0);
  });

  it('the link creates the workspace with the password typed at sign-up, once', async () => {
    const fresh = `once-${uid()}@example.test`;
    const sent: SystemMail[] = [];
    const password = `sign-up passphrase ${uid()}`;
    await requestSignUp(
      { email: fresh, password, workspaceName: 'Once Only' },
      { origin: 'https://caseflow.example', send: (m) => sent.push(m), clientAddress: ip() },
    );
    const token = tokenIn(sent[0]);
    expect(await describeSignUpLink(token)).toEqual({ email: fresh, workspaceName: 'Once Only' });
    const created = await confirmSignUp(token);
    expect(created.slug).toMatch(/^once-only/);
    const [user] = await userCount(fresh);
    expect(await verifyPassword(user.passwordHash, password)).toBe(true);
    // Used: the page says so, and a second confirmation is refused.
    expect(await describeSignUpLink(token)).toBeNull();
    await expect(confirmSignUp(token)).rejects.toMatchObject({ message: expect.stringMatching(/already used/) });
  });

  it('an expired or tampered link is refused and creates nothing', async () => {
    const fresh = `expired-${uid()}@example.test`;
    const { sent } = await request(fresh, new Date(Date.now() - 25 * 60 * 60_000));
    const token = tokenIn(sent[0]);
    await expect(confirmSignUp(token)).rejects.toMatchObject({ code: 'validation' });
    const other = tokenIn((await request(`tampered-${uid()}@example.test`)).sent[0]);
    const tampered = `${other.slice(0, -3)}${other.slice(-3) === 'AAA' ? 'BBB' : 'AAA'}`;
    await expect(confirmSignUp(tampered)).rejects.toMatchObject({ code: 'validation' });
    await expect(confirmSignUp('not-a-token')).rejects.toMatchObject({ code: 'validation' });
    expect(await userCount(fresh)).toHaveLength(0);
  });
});
