// A mailbox's complete settings from what was given: defaults filled in (ports by protocol, presets by
// domain, SMTP = incoming), an update merged over the stored row, and the row's columns written back.
import { z } from 'zod';
import type { mailboxes } from '@/db/schema';
import { AppError } from '@/lib/errors';
import { presetForAddress, type SmtpSecurity } from './presets';
import { storedSmtpServer } from './stored-smtp-server';
import { issueList, type FieldIssue } from '@/lib/zod-issues';
import {
  type MailboxProtocol,
  defaultPorts,
  defaultSmtpPorts,
  DEFAULT_MAX_MESSAGE_BYTES,
  DEFAULT_POLL_INTERVAL_SECONDS,
  isImap,
  createMailboxInput,
  createOAuthMailboxInput,
  updateMailboxInput,
} from './mailbox-settings-schema';

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
  /** What happens to a stored message on the server: deleted (default), or moved to `moveToFolder` (IMAP). */
  afterProcessing: 'delete' | 'move';
  moveToFolder: string | null;
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

  const afterProcessing = d.afterProcessing ?? 'delete';
  const moveToFolder = d.moveToFolder ?? null;
  if (afterProcessing === 'move') {
    if (protocol && !isImap(protocol)) issue('afterProcessing', 'POP3 can only delete: moving to a folder needs IMAP.');
    if (!moveToFolder) issue('moveToFolder', 'Enter the folder processed messages are moved to, e.g. Processed.');
    else if (moveToFolder.toUpperCase() === folder.toUpperCase())
      issue('moveToFolder', 'Processed messages must go to another folder than the one that is read.');
  }

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
      afterProcessing,
      moveToFolder: afterProcessing === 'move' ? moveToFolder : null,
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
  if (row.protocol === 'forward')
    throw new AppError('conflict', 'A forwarding-address mailbox has no server settings.');
  if (row.protocol === 'graph' || row.protocol === 'gmail-api')
    throw new AppError('conflict', 'A Microsoft Graph or Gmail API mailbox has no mail server settings.');
  const smtp = storedSmtpServer(row);
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
    afterProcessing: row.afterProcessing,
    moveToFolder: row.moveToFolder,
    displayName: row.displayName,
    ackEnabled: row.ackEnabled,
    ackTemplate: row.ackTemplate,
    maxMessageBytes: row.maxMessageBytes,
    pollIntervalSeconds: row.pollIntervalSeconds,
    smtp: smtp && { ...smtp, username: row.smtpUsername },
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
    afterProcessing: s.afterProcessing,
    moveToFolder: s.moveToFolder,
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
