// The setup wizard's "Test connection" before anything is saved: the same validation as creating
// the mailbox, then the same connection test a stored mailbox gets (through the outbound guard).
import { parseCreateMailboxInput } from './resolve-mailbox-settings';
import { testMailboxConnection, type MailboxTestOptions, type MailboxTestResult } from './test-connection';

export async function testMailboxSettings(input: unknown, opts: MailboxTestOptions = {}): Promise<MailboxTestResult> {
  const { settings, password } = parseCreateMailboxInput(input);
  return testMailboxConnection(
    {
      protocol: settings.protocol,
      host: settings.host,
      port: settings.port,
      starttls: settings.starttls,
      tlsVerify: settings.tlsVerify,
      username: settings.username,
      folder: settings.folder,
    },
    { password: password ?? '' },
    opts,
  );
}
