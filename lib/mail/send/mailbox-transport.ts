// How a mailbox sends (acknowledgements, agent replies): through its mail API when it is a Graph or Gmail API
// mailbox — the copy lands in that mailbox's Sent Items / Sent label — else through its SMTP server.
// Both take the same OutboundMessage and compose the same MIME (send-smtp-message.ts, outboundMailOptions).
import type { mailboxes } from '@/db/schema';
import { isApiProtocol } from '@/lib/mailboxes/open-api-source';
import { smtpAccessToken } from '@/lib/mailboxes/oauth/smtp-access-token';
import { sendSmtpMessage, type OutboundMessage, type SendOptions, type SendResult } from './send-smtp-message';
import { sendViaMailApi } from './send-via-mail-api';
import { mailboxSmtpSettings, type SmtpSettingsResult } from './smtp-settings';

export type MailboxTransport =
  | { ok: true; send: (message: OutboundMessage, opts?: SendOptions) => Promise<SendResult> }
  | Extract<SmtpSettingsResult, { ok: false }>;

export async function mailboxTransport(mailbox: typeof mailboxes.$inferSelect): Promise<MailboxTransport> {
  if (isApiProtocol(mailbox.protocol)) return { ok: true, send: (message) => sendViaMailApi(mailbox, message) };
  const settings = mailboxSmtpSettings(mailbox, await smtpAccessToken(mailbox));
  if (!settings.ok) return settings;
  return { ok: true, send: (message, opts) => sendSmtpMessage(settings.smtp, message, opts) };
}
