// The mailbox forms post flat fields; lib/mailboxes takes one nested settings object. Empty text
// means "use the default" (the preset's host, the protocol's port), never an empty value.
import { z } from 'zod';
import { checkboxInput } from '@/lib/boolean-text';
import { optionalText as text, typedSecret } from './form-text';

export const mailboxFormFields = z.object({
  email: text,
  displayName: text,
  username: text,
  password: typedSecret,
  protocol: text,
  host: text,
  port: text,
  starttls: text,
  tlsVerify: checkboxInput,
  folder: text,
  /** 'delete' (the default) or 'move' to `moveToFolder` (IMAP). */
  afterProcessing: text,
  moveToFolder: text,
  createCases: checkboxInput,
  pollIntervalSeconds: text,
  smtpEnabled: checkboxInput,
  smtpHost: text,
  smtpPort: text,
  smtpSecurity: text,
  smtpSameAsIncoming: checkboxInput,
  smtpUsername: text,
  smtpPassword: typedSecret,
});

export type MailboxFormFields = z.output<typeof mailboxFormFields>;

export function toMailboxInput(f: MailboxFormFields): Record<string, unknown> {
  const input: Record<string, unknown> = {
    email: f.email,
    displayName: f.displayName ?? null,
    username: f.username,
    password: f.password,
    protocol: f.protocol,
    host: f.host,
    port: f.port,
    starttls: f.starttls,
    tlsVerify: f.tlsVerify,
    folder: f.folder,
    afterProcessing: f.afterProcessing,
    moveToFolder: f.afterProcessing === 'move' ? f.moveToFolder : undefined,
    createCases: f.createCases,
    pollIntervalSeconds: f.pollIntervalSeconds,
    smtp: f.smtpEnabled
      ? {
          host: f.smtpHost,
          port: f.smtpPort,
          security: f.smtpSecurity,
          sameAsIncoming: f.smtpSameAsIncoming,
          ...(f.smtpSameAsIncoming ? {} : { username: f.smtpUsername, password: f.smtpPassword }),
        }
      : null,
  };
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
}
