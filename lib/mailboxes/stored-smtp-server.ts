// The outgoing (SMTP) server a mailbox row names: host, port and security all set, or null when it names none
// (then no acknowledgement or reply goes out by SMTP). The public mailbox (./get-mailbox.ts) and the settings an
// update is merged into (./resolve-mailbox-settings.ts) read it the same way; each adds the login it shows.
import type { mailboxes } from '@/db/schema';
import type { SmtpSecurity } from './presets';

type SmtpColumns = Pick<typeof mailboxes.$inferSelect, 'smtpHost' | 'smtpPort' | 'smtpSecurity' | 'smtpSameAsIncoming'>;

export type StoredSmtpServer = { host: string; port: number; security: SmtpSecurity; sameAsIncoming: boolean };

export function storedSmtpServer(row: SmtpColumns): StoredSmtpServer | null {
  return row.smtpHost && row.smtpPort && row.smtpSecurity
    ? { host: row.smtpHost, port: row.smtpPort, security: row.smtpSecurity, sameAsIncoming: row.smtpSameAsIncoming }
    : null;
}
