// Signing in the way a person does, through the sign-in form: nearly every e2e test starts with it, and each file
// used to write the same steps out. Sign-in lands on the user's first workspace (/t/<slug>, see app/page.tsx),
// and that is what the helpers wait for, so the test starts on a rendered workspace.
//
//   await signIn(page, app.url, ownerOf(tenant), tenant.slug);
//   const page = await signedInPage(browser, app.url, agent, tenant.slug, { viewport: { width: 1280, height: 900 } });
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import type { TestTenant } from './tenant';

export type Credentials = { email: string; password: string };

/** The workspace owner makeTenant created. */
export const ownerOf = (tenant: TestTenant): Credentials => ({
  email: tenant.ownerEmail,
  password: tenant.ownerPassword,
});

/** Fills in and sends the sign-in form as `who`, then waits for their workspace `slug`. */
export async function signIn(page: Page, appUrl: string, who: Credentials, slug: string): Promise<void> {
  await page.goto(`${appUrl}/sign-in`);
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByLabel('Password').press('Enter');
  await page.waitForURL(new RegExp(`/t/${slug}$`));
}

/** A page in a browser context of its own (its own session cookie), signed in as `who`. */
export async function signedInPage(
  browser: Browser,
  appUrl: string,
  who: Credentials,
  slug: string,
  contextOptions: BrowserContextOptions = {},
): Promise<Page> {
  const page = await (await browser.newContext(contextOptions)).newPage();
  await signIn(page, appUrl, who, slug);
  return page;
}
