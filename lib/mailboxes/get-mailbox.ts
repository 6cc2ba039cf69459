// Reading mailboxes inside a tenant transaction (RLS shows only the tenant's own), and the
// public shape that leaves lib/: no sealed secrets, no lease internals.
import { eq } from 'drizzle-orm';
import type { TenantTx } from '@/db/tenancy';
import { mailboxes } from '@/db/schema';
import { AppError } from '@/lib/errors';
import { mailFilteringOf, type MailFiltering } from './mail-filtering';
import { toPublicOAuth, type PublicOAuth } from './oauth/public-oauth';
import { isUuid } from '@/lib/is-uuid';
import { forwardingAddressOf } from './forwarding-address';
import { apiBaseUrlOf, isApiProtocol } from './open-api-source';
import { storedSmtpServer } from './stored-smtp-server';

export type MailboxRow = typeof mailboxes.$inferSelect;

export type PublicMailbox = {
  id: string;
  email: string;
  displayName: string | null;
  username: string;
  authMethod: MailboxRow['authMethod'];
  hasPassword: boolean;
  /** OAuth settings and grant status; null for a password mailbox. */
  oauth: PublicOAuth | null;
  protocol: MailboxRow['protocol'];
  /** Protocol 'forward': where the owner forwards support mail to (`<token>@INBOUND_DOMAIN`). */
  forwardingAddress: string | null;
  /** Protocols 'graph' / 'gmail-api': the API it calls, the shared mailbox it addresses, and whose rights it uses. */
  api: PublicMailApi | null;
  host: string;
  port: number;
  starttls: MailboxRow['starttls'];
  tlsVerify: boolean;
  folder: string;
  /** After a message is stored: 'delete' (default) or 'move' to `moveToFolder`. */
  afterProcessing: MailboxRow['afterProcessing'];
  moveToFolder: string | null;
  createCases: boolean;
  maxMessageBytes: number;
  ackEnabled: boolean;
  ackTemplate: string | null;
  /** Sender verification and spam settings (lib/mailboxes/mail-filtering.ts). */
  filtering: MailFiltering;
  smtp: {
    host: string;
    port: number;
    security: NonNullable<MailboxRow['smtpSecurity']>;
    sameAsIncoming: boolean;
    username: string | null;
    hasPassword: boolean;
  } | null;
  state: MailboxRow['state'];
  lastError: { code: string | null; message: string; at: string | null } | null;
  lastSyncAt: string | null;
  nextSyncAt: string | null;
  pollIntervalSeconds: number;
  import: { total: number; processed: number; finishedAt: string | null } | null;
  createdAt: string;
  updatedAt: string;
};

export type PublicMailApi = {
  /** The API's base URL (GRAPH_API_URL / GMAIL_API_URL unless the mailbox has its own). */
  baseUrl: string;
  /** The mailbox the calls address (`/users/{sharedMailbox}`); null: the signed-in user's own (`me`). */
  sharedMailbox: string | null;
  /** 'delegated': a signed-in user's grant; 'app-only': the app's own client credentials (Graph). */
  access: 'delegated' | 'app-only';
};

function toPublicMailApi(row: MailboxRow): PublicMailApi | null {
  if (!isApiProtocol(row.protocol)) return null;
  return {
    baseUrl: apiBaseUrlOf(row),
    sharedMailbox: row.apiUser,
    access: row.oauthGrantType === 'client_credentials' ? 'app-only' : 'delegated',
  };
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The mailbox as the API, CLI and pages show it. Built field by field so a new secret column is never leaked by default. */
export function toPublicMailbox(row: MailboxRow): PublicMailbox {
  const smtp = storedSmtpServer(row);
  return {
    id: row.id,
    email: row.email,
    displayName: row.displayName,
    username: row.username,
    authMethod: row.authMethod,
    hasPassword: Boolean(row.passwordSealed),
    oauth: toPublicOAuth(row),
    protocol: row.protocol,
    forwardingAddress: forwardingAddressOf(row),
    api: toPublicMailApi(row),
    host: row.host,
    port: row.port,
    starttls: row.starttls,
    tlsVerify: row.tlsVerify,
    folder: row.folder,
    afterProcessing: row.afterProcessing,
    moveToFolder: row.moveToFolder,
    createCases: row.createCases,
    maxMessageBytes: row.maxMessageBytes,
    ackEnabled: row.ackEnabled,
    ackTemplate: row.ackTemplate,
    filtering: mailFilteringOf(row),
    smtp: smtp && {
      ...smtp,
      username: smtp.sameAsIncoming ? row.username : row.smtpUsername,
      hasPassword: smtp.sameAsIncoming ? Boolean(row.passwordSealed) : Boolean(row.smtpPasswordSealed),
    },
    state: row.state,
    lastError: row.lastError ? { code: row.lastErrorCode, message: row.lastError, at: iso(row.lastErrorAt) } : null,
    lastSyncAt: iso(row.lastSyncAt),
    nextSyncAt: iso(row.nextSyncAt),
    pollIntervalSeconds: row.pollIntervalSeconds,
    import:
      row.importTotal != null
        ? { total: row.importTotal, processed: row.importProcessed, finishedAt: iso(row.importedAt) }
        : null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The full row (secrets sealed) of one of the current tenant's mailboxes; not_found otherwise, also for malformed ids. */
export async function getMailbox(tx: TenantTx, id: string): Promise<MailboxRow> {
  if (!isUuid(id)) throw new AppError('not_found', 'Mailbox not found.');
  const [row] = await tx.select().from(mailboxes).where(eq(mailboxes.id, id));
  if (!row) throw new AppError('not_found', 'Mailbox not found.');
  return row;
}
