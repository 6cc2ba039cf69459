// Accounts (and their form errors) in Chromium: sign up, invite an agent, the agent accepts
// in a second browser context, is kept out of API keys (403), and both sign out and back in.
import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { withTenant } from '@/db/tenancy';
import { signUpRefusedMessage } from '@/lib/auth/sign-up';
import { acceptInvitation } from '@/lib/members/accept-invitation';
import { createInvitation } from '@/lib/members/create-invitation';
import { screenshot } from '../helpers/browser';
import { makeTenant } from '../helpers/tenant';
import { useAppAndBrowser } from '../helpers/use-app';

const { app, browser } = useAppAndBrowser();

const suffix = randomBytes(3).toString('hex');
const owner = { email: `owner-${suffix}@example.test`, password: 'owner-password-1' };
const agent = { email: `agent-${suffix}@example.test`, password: 'agent-password-1' };
const workspace = `Acme Support ${suffix}`;

async function signIn(page: Page, who: { email: string; password: string }) {
  await page.goto(`${app.url}/sign-in`);
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByLabel('Password').press('Enter');
}

async function signOut(page: Page) {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL(/\/sign-in/);
}

describe('accounts in the browser', () => {
  it('sign up, invite an agent, agent is refused API keys, both sign out and in again', async () => {
    const ownerCtx = await browser.newContext();
    const agentCtx = await browser.newContext();
    const ownerPage = await ownerCtx.newPage();
    const agentPage = await agentCtx.newPage();

    // Sign up: a weak password is refused with a clear message, then the real thing.
    await ownerPage.goto(`${app.url}/`);
    await ownerPage.waitForURL(/\/sign-up$/);
    await ownerPage.getByLabel('Email').fill(owner.email);
    await ownerPage.getByLabel('Password').fill('short');
    await ownerPage.getByLabel('Workspace name').fill(workspace);
    await ownerPage.getByRole('button', { name: 'Create workspace' }).click();
    await expect.poll(() => ownerPage.getByText('Use at least 12 characters for the password.').count()).toBe(1);
    await expect(ownerPage.getByLabel('Email').inputValue()).resolves.toBe(owner.email);
    await screenshot(ownerPage, '01-sign-up-weak-password');
    await ownerPage.getByLabel('Password').fill(owner.password);
    await ownerPage.getByRole('button', { name: 'Create workspace' }).click();
    await ownerPage.waitForURL(/\/t\/acme-support-[0-9a-f]+$/);
    const home = new URL(ownerPage.url()).pathname;
    await expect.poll(() => ownerPage.getByRole('heading', { name: workspace }).count()).toBe(1);
    expect(await ownerPage.getByRole('link', { name: 'Connect a mailbox' }).getAttribute('href')).toBe(
      `${home}/settings/mailboxes`,
    );
    await screenshot(ownerPage, '02-tenant-home');

    // Invite an agent: the link is shown once.
    await ownerPage.getByRole('link', { name: 'Members' }).click();
    await ownerPage.waitForURL(`${app.url}${home}/settings/members`);
    await ownerPage.getByLabel('Role', { exact: true }).selectOption('agent');
    await ownerPage.getByRole('button', { name: 'Create invitation link' }).click();
    const linkField = ownerPage.getByTestId('invite-link');
    await linkField.waitFor();
    const inviteLink = await linkField.inputValue();
    expect(inviteLink).toMatch(/\/invite\/[A-Za-z0-9_-]{43}$/);
    await screenshot(ownerPage, '03-invitation-link');

    // The agent accepts in a second browser context by creating an account.
    await agentPage.goto(inviteLink);
    await expect.poll(() => agentPage.getByRole('heading', { name: `Join ${workspace}` }).count()).toBe(1);
    await agentPage.getByLabel('Email').fill(agent.email);
    await agentPage.getByLabel('Password').fill(agent.password);
    await agentPage.getByRole('button', { name: 'Create account and join' }).click();
    await agentPage.waitForURL(`${app.url}${home}`);
    expect(await agentPage.getByRole('link', { name: 'API keys' }).count()).toBe(0);
    await screenshot(agentPage, '04-agent-home');

    // The agent cannot open the API keys page: 403 with a clear page.
    const refused = await agentPage.goto(`${app.url}${home}/settings/api-keys`);
    expect(refused?.status()).toBe(403);
    await expect
      .poll(() => agentPage.getByRole('heading', { name: 'You do not have permission to view this page' }).count())
      .toBe(1);
    expect(await agentPage.getByTestId('new-api-key').count()).toBe(0);
    await screenshot(agentPage, '05-agent-api-keys-403');

    // The owner sees the new member; the used link no longer works.
    await ownerPage.reload();
    await expect.poll(() => ownerPage.getByTestId('member-row').count()).toBe(2);
    await expect.poll(() => ownerPage.getByTestId('member-row').filter({ hasText: agent.email }).count()).toBe(1);
    const reused = await (await browser.newContext()).newPage();
    const reusedResponse = await reused.goto(inviteLink);
    expect(reusedResponse?.status()).toBe(404);
    await expect.poll(() => reused.getByText('This invitation link cannot be used').count()).toBe(1);
    await screenshot(reused, '06-used-invitation');
    await reused.context().close();

    // Both sign out and back in; a wrong password first gets a plain message.
    await signOut(ownerPage);
    await agentPage.goto(`${app.url}${home}`);
    await signOut(agentPage);
    const afterSignOut = await ownerPage.goto(`${app.url}${home}`);
    expect(new URL(afterSignOut!.url()).pathname).toBe('/sign-in');

    await signIn(ownerPage, { email: owner.email, password: 'wrong-password-123' });
    await expect
      .poll(() => ownerPage.getByRole('alert').filter({ hasText: 'Wrong email or password.' }).count())
      .toBe(1);
    await screenshot(ownerPage, '07-wrong-password');
    await signIn(ownerPage, owner);
    await ownerPage.waitForURL(`${app.url}${home}`);
    await signIn(agentPage, agent);
    await agentPage.waitForURL(`${app.url}${home}`);
    await expect.poll(() => agentPage.getByText('Role: agent').count()).toBe(1);
    await screenshot(ownerPage, '08-owner-signed-in-again');
    await screenshot(agentPage, '09-agent-signed-in-again');

    await ownerCtx.close();
    await agentCtx.close();
  });

  it('signing up with an email that already has an account gets a neutral refusal (no account lookup)', async () => {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await page.goto(`${app.url}/sign-up`);
    await page.getByLabel('Email').fill(owner.email.toUpperCase());
    await page.getByLabel('Password').fill('another-password-1');
    await page.getByLabel('Workspace name').fill('Second try');
    await page.getByRole('button', { name: 'Create workspace' }).click();
    await expect.poll(() => page.getByText(signUpRefusedMessage).count()).toBe(1);
    expect(await page.content()).not.toMatch(/already exists/);
    expect(new URL(page.url()).pathname).toBe('/sign-up');
    expect(await page.content()).not.toMatch(/at .*\.(ts|js):\d+/);
    await screenshot(page, '10-duplicate-email');
    await ctx.close();
  });

  it('someone in two workspaces switches between them from the sidebar', async () => {
    const first = await makeTenant('switch-a');
    const second = await makeTenant('switch-b');
    const { token } = await withTenant(second.tenantId, (tx) =>
      createInvitation(tx, {
        tenantId: second.tenantId,
        role: 'agent',
        actor: { userId: second.ownerUserId, role: 'owner' },
      }),
    );
    await acceptInvitation({ token, user: { userId: first.ownerUserId } });
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await page.goto(`${app.url}/sign-in?next=${encodeURIComponent(`/t/${first.slug}`)}`);
    await page.getByLabel('Email').fill(first.ownerEmail);
    await page.getByLabel('Password').fill(first.ownerPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${app.url}/t/${first.slug}`);
    await page.locator('summary', { hasText: 'Switch workspace' }).click();
    await page.getByRole('link', { name: second.name }).click();
    await page.waitForURL(`${app.url}/t/${second.slug}`);
    await expect.poll(() => page.getByText('Role: agent').count()).toBe(1);
    await screenshot(page, '11-switched-workspace');
    await ctx.close();
  });
});
