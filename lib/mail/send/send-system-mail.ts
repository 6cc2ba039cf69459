// The system's own mail (password-reset links, invitations, credential-expiry warnings) through the
// operator's SMTP_URL. Without it the message is printed to the server log, so a single-box install
// still gets its links.
// The operator's relay is configuration, not tenant input: it does not go through the outbound guard.
import nodemailer from 'nodemailer';
import { env } from '@/lib/env';
import { errorMessage } from '@/lib/errors';

export type SystemMail = { to: string; subject: string; text: string };

function fromAddress(): string {
  if (env.MAIL_FROM) return env.MAIL_FROM;
  const host = env.APP_URL ? new URL(env.APP_URL).hostname : 'localhost';
  return `Caseflow <no-reply@${host}>`;
}

/** Sends (or logs) one message; resolves to how it went out. Throws when the SMTP server refuses it. */
export async function sendSystemMail(mail: SystemMail): Promise<'sent' | 'logged'> {
  if (!env.SMTP_URL) {
    console.info(`[caseflow] SMTP_URL is not set; mail to ${mail.to} not sent:\n${mail.subject}\n\n${mail.text}`);
    return 'logged';
  }
  const transport = nodemailer.createTransport(env.SMTP_URL);
  try {
    await transport.sendMail({
      from: fromAddress(),
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      headers: { 'Auto-Submitted': 'auto-generated' },
    });
    return 'sent';
  } finally {
    transport.close();
  }
}

/** For requests whose answer must not wait for (or reveal) the mail: failures go to the log only. */
export function sendSystemMailLater(mail: SystemMail): void {
  sendSystemMail(mail).catch((err: unknown) => {
    console.error(`[caseflow] system mail to ${mail.to} failed: ${errorMessage(err)}`);
  });
}
