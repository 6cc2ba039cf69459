// Mailbox settings: the zod schemas for creating and updating a mailbox, and the one
// place where defaults are filled in (ports by protocol, presets by domain, SMTP = incoming).
import { isIP } from 'node:net';
import { domainToASCII } from 'node:url';
import { z } from 'zod';
import { booleanInput } from '@/lib/boolean-text';
import type { mailboxes } from '@/db/schema';
import { AppError } from '@/lib/errors';
import { emailSchema } from '@/lib/tenants/schemas';
import { presetForAddress, type SmtpSecurity } from './presets';
import { issueList, type FieldIssue } from '@/lib/zod-issues';

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

const portSchema = z.coerce
  .number({ error: 'Use a port number between 1 and 65535.' })
  .int('Use a port number between 1 and 65535.')
  .min(1, 'Use a port number between 1 and 65535.')
  .max(65535, 'Use a port number between 1 and 65535.');

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
  displayName: optionalText(200, 'The display name'),
  ackEnabled: flag('“Send acknowledgements”'),
  ackTemplate: optionalText(20_000, 'The acknowledgement template'),
  maxMessageBytes: z.coerce
    .number({ error: 'Use a message size limit between 1 KB and 200 MB (in bytes).' })
    .int('Use a message size limit between 1 KB and 200 MB (in bytes).')
    .min(1024, 'Use a message size limit between 1 KB and 200 MB (in bytes).')
    .max(200 * 1024 * 1024, 'Use a message size limit between 1 KB and 200 MB (in bytes).'),
  pollIntervalSeconds: z.coerce
    .number({ error: 'Poll between every 5 seconds and once a day (86400 seconds).' })
    .int('Poll between every 5 seconds and once a day (86400 seconds).')
    .min(5, 'Poll between every 5 seconds and once a day (86400 seconds).')
    .max(86_400, 'Poll between every 5 seconds and once a day (86400 seconds).'),
  smtp: smtpInput.nullable(),
});

/** POST /mailboxes, `mailbox add`: only the address and password are required when a preset fits. */
export const createMailboxInput = settingsFields.partial().required({ email: true, password: true });
/** The same for an OAuth mailbox: it signs in with a token, so there is no password. */
const createOAuthMailboxInput = settingsFields.partial().required({ email: true });
/** PATCH /mailboxes/:id: every field optional; an omitted password keeps the stored one; `smtp: null` removes SMTP. */
export const updateMailboxInput = settingsFields.partial();

export type CreateMailboxInput = z.input<typeof createMailboxInput>;
export type UpdateMailboxInput = z.input<typeof updateMailboxInput>;

export type SmtpSettings = {
  host: string;
  port: number;
  security: SmtpSecurity;
  sameAsIncoming: boolean;
  username: string | null;
};

/** Complete, defaulted settings: what the mailbox row stores (secrets apart). */
export type MailboxSettings = {
  email: string;
  username: string;
  protocol: MailboxProtocol;
  starttls: 'required' | 'off';
  host: string;
  port: number;
  tlsVerify: boolean;
  folder: string;
  createCases: boolean;
  displayName: string | null;
  ackEnabled: boolean;
  ackTemplate: string | null;
  maxMessageBytes: number;
  pollIntervalSeconds: number;
  smtp: SmtpSettings | null;
};

export type ResolvedMailboxSettings = { settings: MailboxSettings; password?: string; smtpPassword?: string };

type Draft = z.output<typeof updateMailboxInput>;

function validationError(issues: FieldIssue[]): AppError {
  return new AppError('validation', issues[0]?.message ?? 'Check the mailbox settings.', { fields: issues });
}

function resolveSmtp(
  d: Draft,
  incomingHost: string | undefined,
  preset: ReturnType<typeof presetForAddress>,
  issue: (path: string, message: string) => void,
): { smtp: SmtpSettings | null; smtpPassword?: string } {
  if (d.smtp === null) return { smtp: null };
  const s = d.smtp ?? {};
  const fromPreset = preset !== null && incomingHost === preset.host && (!s.host || s.host === preset.smtp.host);
  const host = s.host ?? (fromPreset ? preset.smtp.host : undefined);
  if (!host) {
    if (Object.values(s).some((v) => v !== undefined))
      issue('smtp.host', 'Enter the outgoing (SMTP) server’s host name.');
    return { smtp: null };
  }
  const security: SmtpSecurity =
    s.security ?? (s.port === 465 ? 'tls' : s.port === undefined && fromPreset ? preset.smtp.security : 'starttls');
  const port =
    s.port ?? (fromPreset && security === preset.smtp.security ? preset.smtp.port : defaultSmtpPorts[security]);
  const ownCredentials = s.username !== undefined || s.password !== undefined;
  const sameAsIncoming = s.sameAsIncoming ?? !ownCredentials;
  if (sameAsIncoming && ownCredentials) {
    issue(
      'smtp.sameAsIncoming',
      'Either use the incoming username and password for SMTP, or enter separate SMTP ones — not both.',
    );
  }
  if (!sameAsIncoming && !s.username)
    issue('smtp.username', 'Enter the SMTP username, or use the incoming username and password.');
  return {
    smtp: { host, port, security, sameAsIncoming, username: sameAsIncoming ? null : (s.username ?? null) },
    smtpPassword: sameAsIncoming ? undefined : s.password,
  };
}

/** Fills every default and checks the combinations; `hasStoredSmtpPassword` lets an update keep it. */
function resolveSettings(d: Draft, opts: { hasStoredSmtpPassword: boolean }): ResolvedMailboxSettings {
  const issues: FieldIssue[] = [];
  const issue = (path: string, message: string) => issues.push({ path, message });

  if (!d.email) issue('email', 'Enter the mailbox’s email address.');
  const preset = d.email ? presetForAddress(d.email) : null;
  let { protocol, host, port } = d;
  if (!host) {
    if (preset && (!protocol || protocol === preset.protocol)) {
      ({ protocol, host } = preset);
      port ??= preset.port;
    } else {
      issue('host', 'Enter the incoming mail server’s host name (e.g. imap.example.com).');
    }
  }
  if (!protocol) issue('protocol', 'Choose the protocol: imap, imaps, pop3 or pop3s.');
  const starttls = d.starttls ?? 'required';
  if (starttls === 'off' && (protocol === 'imaps' || protocol === 'pop3s')) {
    issue('starttls', 'STARTTLS can only be turned off for imap and pop3; imaps and pop3s always use TLS.');
  }
  // IMAP's INBOX is case-insensitive (RFC 3501), other folder names are not.
  const folder = !d.folder || d.folder.toUpperCase() === 'INBOX' ? 'INBOX' : d.folder;
  if (protocol && !isImap(protocol) && folder !== 'INBOX')
    issue('folder', 'POP3 has no folders: leave the folder as INBOX, or use IMAP.');

  const { smtp, smtpPassword } = resolveSmtp(d, host, preset, issue);
  if (smtp && !smtp.sameAsIncoming && !smtpPassword && !opts.hasStoredSmtpPassword) {
    issue('smtp.password', 'Enter the SMTP password, or use the incoming username and password.');
  }
  if (issues.length > 0 || !protocol || !host || !d.email) throw validationError(issues);

  return {
    settings: {
      email: d.email,
      username: d.username ?? d.email,
      protocol,
      starttls: isImap(protocol) || protocol === 'pop3' ? starttls : 'required',
      host,
      port: port ?? defaultPorts[protocol],
      tlsVerify: d.tlsVerify ?? true,
      folder,
      createCases: d.createCases ?? true,
      displayName: d.displayName ?? null,
      ackEnabled: d.ackEnabled ?? true,
      ackTemplate: d.ackTemplate ?? null,
      maxMessageBytes: d.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES,
      pollIntervalSeconds: d.pollIntervalSeconds ?? DEFAULT_POLL_INTERVAL_SECONDS,
      smtp,
    },
    password: d.password,
    smtpPassword,
  };
}

/** Validates a new mailbox's input and fills the defaults; throws AppError('validation') with field messages. */
export function parseCreateMailboxInput(input: unknown, opts: { oauth?: boolean } = {}): ResolvedMailboxSettings {
  const parsed = (opts.oauth ? createOAuthMailboxInput : createMailboxInput).safeParse(input ?? {});
  if (!parsed.success) throw validationError(issueList(parsed.error));
  return resolveSettings(parsed.data, { hasStoredSmtpPassword: false });
}

/** The settings a mailbox row holds, in the shape updates are merged into. */
export function settingsFromRow(row: typeof mailboxes.$inferSelect): MailboxSettings {
  return {
    email: row.email,
    username: row.username,
    protocol: row.protocol,
    starttls: row.starttls,
    host: row.host,
    port: row.port,
    tlsVerify: row.tlsVerify,
    folder: row.folder,
    createCases: row.createCases,
    displayName: row.displayName,
    ackEnabled: row.ackEnabled,
    ackTemplate: row.ackTemplate,
    maxMessageBytes: row.maxMessageBytes,
    pollIntervalSeconds: row.pollIntervalSeconds,
    smtp:
      row.smtpHost && row.smtpPort && row.smtpSecurity
        ? {
            host: row.smtpHost,
            port: row.smtpPort,
            security: row.smtpSecurity,
            sameAsIncoming: row.smtpSameAsIncoming,
            username: row.smtpUsername,
          }
        : null,
  };
}

/**
 * Applies a patch to stored settings. A port that was the old protocol's default follows a
 * protocol change; a username that was the old address follows an address change.
 */
export function parseUpdateMailboxInput(
  current: MailboxSettings,
  patch: unknown,
  opts: { hasStoredSmtpPassword: boolean },
): ResolvedMailboxSettings {
  const parsed = updateMailboxInput.safeParse(patch ?? {});
  if (!parsed.success) throw validationError(issueList(parsed.error));
  const p = parsed.data;

  const merged: Draft = { ...current, smtp: undefined, password: undefined };
  for (const [key, value] of Object.entries(p)) {
    if (value !== undefined && key !== 'smtp') (merged as Record<string, unknown>)[key] = value;
  }
  if (p.protocol && p.protocol !== current.protocol) {
    if (p.port === undefined && current.port === defaultPorts[current.protocol]) merged.port = undefined;
    if (p.starttls === undefined) merged.starttls = 'required';
  }
  if (p.email && p.email !== current.email && p.username === undefined && current.username === current.email)
    merged.username = p.email;

  if (p.smtp === null) {
    merged.smtp = null;
  } else {
    const base = current.smtp;
    const s = p.smtp ?? {};
    const ownCredentials = s.username !== undefined || s.password !== undefined;
    const sameAsIncoming = s.sameAsIncoming ?? (ownCredentials ? false : base?.sameAsIncoming);
    merged.smtp =
      base || p.smtp
        ? {
            host: s.host ?? base?.host,
            port:
              s.port ??
              (s.security && base && s.security !== base.security && base.port === defaultSmtpPorts[base.security]
                ? undefined
                : base?.port),
            security: s.security ?? base?.security,
            sameAsIncoming,
            username: sameAsIncoming ? undefined : (s.username ?? base?.username ?? undefined),
            password: s.password,
          }
        : undefined;
  }
  return resolveSettings(merged, opts);
}

/** The mailbox columns for resolved settings (secrets are sealed by the caller). */
export function mailboxColumns(s: MailboxSettings) {
  return {
    email: s.email,
    username: s.username,
    protocol: s.protocol,
    starttls: s.starttls,
    host: s.host,
    port: s.port,
    tlsVerify: s.tlsVerify,
    folder: s.folder,
    createCases: s.createCases,
    displayName: s.displayName,
    ackEnabled: s.ackEnabled,
    ackTemplate: s.ackTemplate,
    maxMessageBytes: s.maxMessageBytes,
    pollIntervalSeconds: s.pollIntervalSeconds,
    smtpHost: s.smtp?.host ?? null,
    smtpPort: s.smtp?.port ?? null,
    smtpSecurity: s.smtp?.security ?? null,
    smtpUsername: s.smtp?.username ?? null,
    smtpSameAsIncoming: s.smtp?.sameAsIncoming ?? true,
  };
}
