// What a mailbox's settings may be: the zod schemas for creating and updating a mailbox (one boundary for
// the API, the forms and the CLI) and the protocol constants. resolve-mailbox-settings.ts fills in defaults.
import { isIP } from 'node:net';
import { domainToASCII } from 'node:url';
import { z } from 'zod';
import { booleanInput } from '@/lib/boolean-text';
import { emailSchema } from '@/lib/tenants/schemas';
import { boundedInt } from './mailbox-option-fields';
import type { SmtpSecurity } from './presets';

export const mailboxProtocols = ['imap', 'imaps', 'pop3', 'pop3s'] as const;
export type MailboxProtocol = (typeof mailboxProtocols)[number];
export const smtpSecurities = ['none', 'starttls', 'tls'] as const;

export const defaultPorts: Record<MailboxProtocol, number> = { imap: 143, imaps: 993, pop3: 110, pop3s: 995 };
export const defaultSmtpPorts: Record<SmtpSecurity, number> = { none: 25, starttls: 587, tls: 465 };
export const DEFAULT_MAX_MESSAGE_BYTES = 25 * 1024 * 1024;
export const DEFAULT_POLL_INTERVAL_SECONDS = 60;

export function isImap(protocol: MailboxProtocol): boolean {
  return protocol === 'imap' || protocol === 'imaps';
}

function normalizeHost(value: string): string {
  const bare = value
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.$/, '');
  return isIP(bare) ? bare : domainToASCII(bare);
}

const hostLabel = /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/;
const hostSchema = z
  .string({ error: 'Enter the server’s host name.' })
  .trim()
  .min(1, 'Enter the server’s host name.')
  .max(253, 'That host name is too long.')
  .transform(normalizeHost)
  .refine((h) => isIP(h) !== 0 || (h.length > 0 && h.length <= 253 && h.split('.').every((l) => hostLabel.test(l))), {
    message: 'Enter a host name like imap.example.com, or an IP address.',
  });

const PORT_MESSAGE = 'Use a port number between 1 and 65535.';
const portSchema = boundedInt(1, 65535, PORT_MESSAGE);

// Forms and the CLI send "true"/"false" (or on/off, 1/0, yes/no).
const flag = (what: string) => booleanInput(`${what} must be true or false.`);

const usernameSchema = z
  .string({ error: 'Enter the username.' })
  .trim()
  .min(1, 'Enter the username.')
  .max(320, 'That username is too long.');
// Passwords are taken exactly as typed: spaces can be part of them.
const passwordSchema = z
  .string({ error: 'Enter the password.' })
  .min(1, 'Enter the password.')
  .max(1024, 'That password is too long.');
const optionalText = (max: number, what: string) =>
  z
    .string()
    .trim()
    .max(max, `${what} is too long (at most ${max} characters).`)
    .nullable()
    .transform((v) => (v ? v : null));

const smtpInput = z.object({
  host: hostSchema.optional(),
  port: portSchema.optional(),
  security: z.enum(smtpSecurities, { error: 'Choose the SMTP security: none, starttls or tls.' }).optional(),
  sameAsIncoming: flag('“Same as incoming”').optional(),
  username: usernameSchema.optional(),
  password: passwordSchema.optional(),
});

const settingsFields = z.object({
  email: emailSchema,
  username: usernameSchema,
  password: passwordSchema,
  protocol: z.enum(mailboxProtocols, { error: 'Choose the protocol: imap, imaps, pop3 or pop3s.' }),
  starttls: z.enum(['required', 'off'], { error: 'STARTTLS is either required or off.' }),
  host: hostSchema,
  port: portSchema,
  tlsVerify: flag('“Verify the TLS certificate”'),
  folder: z
    .string({ error: 'Enter the folder to read, e.g. INBOX.' })
    .trim()
    .min(1, 'Enter the folder to read, e.g. INBOX.')
    .max(255, 'That folder name is too long.'),
  createCases: flag('“Create cases from new messages”'),
  afterProcessing: z.enum(['delete', 'move'], { error: 'After processing, messages are either deleted or moved.' }),
  moveToFolder: optionalText(255, 'The folder name'),
  displayName: optionalText(200, 'The display name'),
  ackEnabled: flag('“Send acknowledgements”'),
  ackTemplate: optionalText(20_000, 'The acknowledgement template'),
  maxMessageBytes: boundedInt(1024, 200 * 1024 * 1024, 'Use a message size limit between 1 KB and 200 MB (in bytes).'),
  pollIntervalSeconds: boundedInt(5, 86_400, 'Poll between every 5 seconds and once a day (86400 seconds).'),
  smtp: smtpInput.nullable(),
});

/** POST /mailboxes, `mailbox add`: only the address and password are required when a preset fits. */
export const createMailboxInput = settingsFields.partial().required({ email: true, password: true });
/** The same for an OAuth mailbox: it signs in with a token, so there is no password. */
export const createOAuthMailboxInput = settingsFields.partial().required({ email: true });
/** PATCH /mailboxes/:id: every field optional; an omitted password keeps the stored one; `smtp: null` removes SMTP. */
export const updateMailboxInput = settingsFields.partial();

export type CreateMailboxInput = z.input<typeof createMailboxInput>;
export type UpdateMailboxInput = z.input<typeof updateMailboxInput>;
