// The mailbox wizard's server step once it is filled in (mailbox-wizard.ts), the way the e2e tests that set up a
// mailbox through the whole wizard finish it: "Test connection" until the incoming server's result shows, then
// "Save", which asks in a dialog to confirm importing what the mailbox holds.
//
//   await testConnection(wizard, /12 messages are in this mailbox/);
//   const dialog = await saveServerStep(page, wizard);
//   await dialog.getByRole('button', { name: 'Continue' }).click();
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';

/** Clicks "Test connection" and waits until the incoming server's result matches `expected`. */
export async function testConnection(wizard: Locator, expected: RegExp): Promise<void> {
  await wizard.getByRole('button', { name: 'Test connection' }).click();
  await expect.poll(() => wizard.getByTestId('test-result').textContent(), { timeout: 30_000 }).toMatch(expected);
}

/** Clicks "Save" and returns the import confirmation dialog once it shows. */
export async function saveServerStep(page: Page, wizard: Locator): Promise<Locator> {
  await wizard.getByRole('button', { name: 'Save' }).click();
  const dialog = page.getByTestId('import-dialog');
  await dialog.waitFor({ state: 'visible' });
  return dialog;
}
