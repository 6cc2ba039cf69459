// Accounts in Chromium against the built app with the SMTP sink as SMTP_URL (README "Accounts"): the
// password-reset journey from the mailed link, sign-up confirmed by a mailed link (and the same answer for
// an address that has an account), an invitation by mail, a copied session cookie that stops
// working after sign-out and after a password change, and the "try again in N s" answer of throttling.
import { randomBytes } from 'node:crypto';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startApp, signInCookie, type AppServer } from '../helpers/app-server';
import { launchBrowser, screenshot } from '../helpers/browser';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink';
import { makeTenant, type TestTenant } from '../helpers/tenant';

let app: AppServer;
let browser: Browser;
let sink: SmtpSink;

beforeAll(async () => {
  sink = await startSmtpSink({ starttls: false });
  [app, browser] = await Promise.all([
    startApp({
      databaseUrl: inject('databaseUrl'),
      env: { SMTP_URL: `smtp://${sink.host}:${sink.port}`, MAIL_FROM: 'Caseflow <no-reply@caseflow.test>' },
    }),
    launchBrowser(),
  ]);
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await sink?.stop();
});

/** A browser context that starts signed in with a session cookie got over HTTP. */
async function signedInContext(cookie: string): Promise<BrowserContext> {
  const ctx = await browser.newContext();
  await ctx.addCookies(
    cookie.split('; ').map((pair) => {
      const i = pair.indexOf('=');
      return { name: pair.slice(0, i), value: pair.slice(i + 1), url: app.url };
    }),
  );
  return ctx;
}

/** Where a request with only this Cookie header ends up: the tenant's page, or the sign-in page. */
async function landsOn(path: string, cookie: string): Promise<string> {
  const res = await fetch(`${app.url}${path}`, { headers: { cookie } });
  return new URL(res.url).pathname;
}

async function mailTo(address: string, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const found = sink.messages.find((m) => m.envelope.to.includes(address));
    if (found) return found;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no mail to ${address} within ${timeoutMs} ms`);
}

describe('account recovery and sessions in the browser', () => {
  it('password reset: the mailed link sets a new password, the old cookie stops working, the new password signs in', async () => {
    const t = await makeTenant('reset-e2e');
    const copied = await signInCookie(app.url, t.ownerEmail, t.ownerPassword);
    expect(await landsOn(`/t/${t.slug}`, copied)).toBe(`/t/${t.slug}`);

    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await page.goto(`${app.url}/sign-in`);
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await page.waitForURL(/\/forgot-password$/);
    await page.getByLabel('Email').fill(t.ownerEmail);
    await page.getByRole('button', { name: 'Send reset link' }).click();
    await expect.poll(() => page.getByText('If an account exists for').count(), { timeout: 20_000 }).toBe(1);
    await screenshot(page, 'reset-01-link-sent');

    const mail = await mailTo(t.ownerEmail);
    expect(mail.parsed.subject).toBe('Reset your Caseflow password');
    expect(mail.headers.get('auto-submitted')).toBe('auto-generated');
    const link = /https?:\/\/\S+\/reset-password\/[A-Za-z0-9_-]{43}/.exec(mail.parsed.text ?? '')?.[0];
    expect(link).toBeDefined();

    await page.goto(link!);
    await page.getByLabel('New password').fill('aaaaaaaaaaaa');
    await page.getByRole('button', { name: 'Set new password' }).click();
    await expect.poll(() => page.getByText(/too easy to guess/).count(), { timeout: 20_000 }).toBe(1);
    await screenshot(page, 'reset-02-weak-password');
    const newPassword = `a new passphrase ${randomBytes(3).toString('hex')}`;
    await page.getByLabel('New password').fill(newPassword);
    await page.getByRole('button', { name: 'Set new password' }).click();
    await page.waitForURL(/\/sign-in\?reset=done$/);
    await expect
      .poll(() => page.getByText('Your password was changed and every session').count(), { timeout: 20_000 })
      .toBe(1);
    await screenshot(page, 'reset-03-sign-in-after-reset');

    // Every session ended, the copied cookie included; the link works only once.
    expect(await landsOn(`/t/${t.slug}`, copied)).toBe('/sign-in');
    await page.getByLabel('Email').fill(t.ownerEmail);
    await page.getByLabel('Password').fill(newPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${app.url}/t/${t.slug}`);
    const again = await ctx.newPage();
    await again.goto(link!);
    await again.getByLabel('New password').fill(`another passphrase ${randomBytes(3).toString('hex')}`);
    await again.getByRole('button', { name: 'Set new password' }).click();
    await expect
      .poll(() => again.getByText('This reset link has expired or was already used').count(), { timeout: 20_000 })
      .toBe(1);
    await ctx.close();
  });

  it('sign-up with system mail: the same "check your email" page for a new and an existing address; the mailed link creates the workspace', async () => {
    const existing = await makeTenant('signup-existing-e2e');
    const fresh = `new-owner-${randomBytes(3).toString('hex')}@example.test`;
    const password = `a sign-up passphrase ${randomBytes(3).toString('hex')}`;
    const workspace = `Signup Journey ${randomBytes(2).toString('hex')}`;

    /** Fills the sign-up form; returns the answer's status and the page's words with the address blanked. */
    async function signUpAs(email: string, from: string) {
      const ctx = await browser.newContext({ extraHTTPHeaders: { 'x-forwarded-for': from } });
      const page = await ctx.newPage();
      await page.goto(`${app.url}/sign-up`);
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password').fill(password);
      await page.getByLabel('Workspace name').fill(workspace);
      const answer = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().includes('/sign-up'));
      await page.getByRole('button', { name: 'Create workspace' }).click();
      const status = (await answer).status();
      await expect.poll(() => page.getByText('Check your email to finish.').count(), { timeout: 20_000 }).toBe(1);
      const words = (await page.locator('main').innerText()).replaceAll(email, '<address>');
      return { ctx, page, status, words, path: new URL(page.url()).pathname };
    }

    const known = await signUpAs(existing.ownerEmail, '203.0.113.81');
    const unknown = await signUpAs(fresh, '203.0.113.82');
    await screenshot(unknown.page, 'signup-01-check-email');
    expect(unknown.status).toBe(known.status);
    expect(unknown.words).toBe(known.words);
    expect(unknown.path).toBe(known.path);
    await known.ctx.close();

    // The account holder is told someone tried; the new address gets the link. Nothing exists before it is used.
    const note = await mailTo(existing.ownerEmail);
    expect(note.parsed.subject).toBe('Someone tried to create a Caseflow account with your address');
    const mail = await mailTo(fresh);
    expect(mail.parsed.subject).toBe('Confirm your Caseflow sign-up');
    expect(mail.headers.get('auto-submitted')).toBe('auto-generated');
    const link = /https?:\/\/\S+\/sign-up\/confirm\/\S+/.exec(mail.parsed.text ?? '')?.[0];
    expect(link).toBeDefined();
    const page = unknown.page;
    await page.goto(`${app.url}/sign-in`);
    await page.getByLabel('Email').fill(fresh);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByText('Wrong email or password.').count(), { timeout: 20_000 }).toBe(1);

    // Opening the link shows what it will create; the button creates it; then the password signs in.
    await page.goto(link!);
    await expect
      .poll(() => page.getByText(`Create the workspace ${workspace} for ${fresh}.`).count(), { timeout: 20_000 })
      .toBe(1);
    await screenshot(page, 'signup-02-confirm');
    await page.getByRole('button', { name: 'Create workspace' }).click();
    await page.waitForURL(/\/sign-in\?created=1$/);
    await expect.poll(() => page.getByText('Your workspace is ready.').count(), { timeout: 20_000 }).toBe(1);
    await page.getByLabel('Email').fill(fresh);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/t\/signup-journey-[0-9a-f]+$/);
    await expect.poll(() => page.getByRole('heading', { name: workspace }).count(), { timeout: 20_000 }).toBe(1);
    await screenshot(page, 'signup-03-workspace');

    // The link works once.
    await page.goto(link!);
    await expect
      .poll(() => page.getByText('This sign-up link has expired or was already used').count(), { timeout: 20_000 })
      .toBe(1);
    await unknown.ctx.close();
  });

  it('an invitation with an email address arrives by mail and its link opens the join page', async () => {
    const t = await makeTenant('invite-e2e');
    const ctx = await signedInContext(await signInCookie(app.url, t.ownerEmail, t.ownerPassword));
    const page = await ctx.newPage();
    await page.goto(`${app.url}/t/${t.slug}/settings/members`);
    const invitee = `invitee-${randomBytes(3).toString('hex')}@example.test`;
    await page.getByLabel('Role', { exact: true }).selectOption('agent');
    await page.getByLabel('Email (optional)').fill(invitee);
    await page.getByRole('button', { name: 'Create invitation link' }).click();
    await page.getByTestId('invite-link').waitFor();
    await expect.poll(() => page.getByText(`We also mailed it to ${invitee}.`).count(), { timeout: 20_000 }).toBe(1);
    const shown = await page.getByTestId('invite-link').inputValue();
    await screenshot(page, 'invite-01-mailed');

    const mail = await mailTo(invitee);
    expect(mail.parsed.subject).toBe(`You are invited to ${t.name} on Caseflow`);
    expect(mail.parsed.text).toContain(shown);
    expect(mail.parsed.text).toContain('as an agent');

    const joinCtx = await browser.newContext();
    const join = await joinCtx.newPage();
    await join.goto(shown);
    await expect.poll(() => join.getByRole('heading', { name: `Join ${t.name}` }).count(), { timeout: 20_000 }).toBe(1);
    await screenshot(join, 'invite-02-join-page');
    await joinCtx.close();
    await ctx.close();
  });

  it('a copied session cookie is rejected after sign-out and after a password change', async () => {
    const t: TestTenant = await makeTenant('cookie-e2e');
    const home = `/t/${t.slug}`;

    // Sign-out: the browser signs out; a copy of its cookie taken before is worth nothing.
    const first = await signInCookie(app.url, t.ownerEmail, t.ownerPassword);
    const other = await signInCookie(app.url, t.ownerEmail, t.ownerPassword);
    const ctx = await signedInContext(first);
    const page = await ctx.newPage();
    await page.goto(`${app.url}${home}`);
    expect(await landsOn(home, first)).toBe(home);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/sign-in/);
    expect(await landsOn(home, first)).toBe('/sign-in');
    // Signing out one browser leaves the others signed in.
    expect(await landsOn(home, other)).toBe(home);
    await ctx.close();

    // Password change: other browsers are signed out, this one stays signed in with a new session.
    const mine = await signInCookie(app.url, t.ownerEmail, t.ownerPassword);
    const ctx2 = await signedInContext(mine);
    const page2 = await ctx2.newPage();
    await page2.goto(`${app.url}/account`);
    await page2.getByLabel('Current password').fill(t.ownerPassword);
    await page2.getByLabel('New password').fill(`changed passphrase ${randomBytes(3).toString('hex')}`);
    await page2.getByRole('button', { name: 'Change password' }).click();
    await page2.waitForURL(/\/account\?changed=1$/);
    await screenshot(page2, 'account-01-password-changed');
    expect(await landsOn(home, mine)).toBe('/sign-in');
    expect(await landsOn(home, other)).toBe('/sign-in');
    await page2.goto(`${app.url}${home}`);
    expect(new URL(page2.url()).pathname).toBe(home);

    // Sign out everywhere ends this browser's session too.
    await page2.goto(`${app.url}/account`);
    const live = (await ctx2.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    await page2.getByRole('button', { name: 'Sign out everywhere' }).click();
    await page2.waitForURL(/\/sign-in/);
    expect(await landsOn(home, live)).toBe('/sign-in');
    await ctx2.close();
  });

  it('repeated wrong passwords get "Try again in N s" in the sign-in form', async () => {
    const t = await makeTenant('throttle-e2e');
    // Its own client address, so the suite's other sign-ins from 127.0.0.1 are not counted with these.
    const ctx = await browser.newContext({ extraHTTPHeaders: { 'x-forwarded-for': '203.0.113.77' } });
    const page = await ctx.newPage();
    await page.goto(`${app.url}/sign-in`);
    for (let i = 0; i < 6; i++) {
      await page.getByLabel('Email').fill(t.ownerEmail);
      await page.getByLabel('Password').fill(`wrong-password-${i}`);
      await page.getByRole('button', { name: 'Sign in' }).click();
      // The form clears the password once the answer is in: only then is the next try typed.
      await expect.poll(() => page.getByLabel('Password').inputValue(), { timeout: 20_000 }).toBe('');
      const expected = i < 5 ? 'Wrong email or password.' : /^Too many sign-in attempts\. Try again in \d+ s\.$/;
      await expect.poll(() => page.locator('p[role=alert]').textContent(), { timeout: 20_000 }).toMatch(expected);
    }
    await screenshot(page, 'throttle-01-try-again');
    await ctx.close();
  });
});
