// The setup wizard's "Test connection" before anything is saved: the same validation as creating
// the mailbox, then the same connection test a stored mailbox gets (through the outbound guard) — and
// the outgoing (SMTP) server too: connect, TLS, authenticate, no message sent. Both results come back.
import { verifySmtpServer, type SmtpTestResult } from '@/lib/mail/send/verify-smtp-server';
import { parseCreateMailboxInput } from './resolve-mailbox-settings';
import { testMailboxConnection, type MailboxTestOptions, type MailboxTestResult } from './test-connection';

/** The incoming result as before, plus `outgoing` (null: no outgoing server is configured). */
export type MailboxSettingsTestResult = MailboxTestResult & { outgoing: SmtpTestResult | null };

export async function testMailboxSettings(
  input: unknown,
  opts: MailboxTestOptions & { smtpCa?: string | Buffer } = {},
): Promise<MailboxSettingsTestResult> {
  const { settings, password, smtpPassword } = parseCreateMailboxInput(input);
  const smtp = settings.smtp;
  const [incoming, outgoing] = await Promise.all([
    testMailboxConnection(
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
    ),
    smtp
      ? verifySmtpServer(
          {
            host: smtp.host,
            port: smtp.port,
            security: smtp.security,
            tlsVerify: settings.tlsVerify,
            auth: smtp.sameAsIncoming
              ? { user: settings.username, password: password ?? '' }
              : { user: smtp.username ?? settings.username, password: smtpPassword ?? '' },
            clientName: settings.email.slice(settings.email.lastIndexOf('@') + 1) || 'localhost',
          },
          { timeoutMs: opts.timeoutMs ?? 15_000, ca: opts.smtpCa },
        )
      : Promise.resolve(null),
  ]);
  return { ...incoming, outgoing };
}
