// The mailbox wizard's server step filled in for a test Dovecot, the way the e2e tests that set up a mailbox in
// the browser all do it: IMAP on its plain port without STARTTLS (its self-signed certificate not checked), logged
// in as the test user.
//
//   const wizard = page.getByTestId('wizard-server');
//   await fillImapServerStep(wizard, dovecot.ports.imap, mailUser);
import type { Locator } from 'playwright-core';

export async function fillImapServerStep(
  wizard: Locator,
  imapPort: number,
  login: { user: string; password: string },
): Promise<void> {
  await wizard.getByLabel('Protocol').selectOption('imap');
  await wizard.getByLabel('Host', { exact: true }).fill('127.0.0.1');
  await wizard.getByLabel('Port', { exact: true }).fill(String(imapPort));
  await wizard.getByLabel('STARTTLS').selectOption('off');
  await wizard.getByLabel('Verify the server’s TLS certificate').uncheck();
  await wizard.getByLabel('Username', { exact: true }).fill(login.user);
  await wizard.getByLabel('Password', { exact: true }).fill(login.password);
}
