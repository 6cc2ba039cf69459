// Connected mailboxes: settings, lifecycle, sync cursor and lease.
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { tenantRow, tenants, users } from './accounts';
import { createdAt, optionalRef, ownedBy, timestamps, ts } from './columns';

// 'forward': no server to poll; mail arrives at its forwarding address over SMTP (lib/mail/inbound).
// 'graph' / 'gmail-api': HTTPS APIs (Microsoft Graph, Gmail API) instead of IMAP/POP (lib/mail/sources).
export const mailboxProtocolEnum = pgEnum('mailbox_protocol', [
  'imap',
  'imaps',
  'pop3',
  'pop3s',
  'forward',
  'graph',
  'gmail-api',
]);
export const starttlsEnum = pgEnum('starttls_mode', ['required', 'off']);
export const mailboxStateEnum = pgEnum('mailbox_state', [
  'draft',
  'importing',
  'active',
  'paused',
  'error',
  'needs_reauth',
]);
export const smtpSecurityEnum = pgEnum('smtp_security', ['none', 'starttls', 'tls']);
export const mailboxAuthEnum = pgEnum('mailbox_auth', ['password', 'oauth']);
export const senderVerificationEnum = pgEnum('sender_verification', ['enforce', 'record', 'off']);
/** What happens to a message on the server once it is stored: deleted (the default) or moved to a folder (IMAP). */
/** Who may open a case by writing: anyone, or existing contacts only (lib/mailboxes/mail-filtering.ts). */
export const senderFilterEnum = pgEnum('sender_filter', ['anyone', 'contacts']);
export const afterProcessingEnum = pgEnum('after_processing', ['delete', 'move']);
/** Over the attachments limit: keep the case and move the attachments out (strip), or hold the message for review. */
export const attachmentOverLimitEnum = pgEnum('attachment_over_limit', ['strip', 'hold']);

export const mailboxes = pgTable(
  'mailboxes',
  {
    ...tenantRow(),
    email: text().notNull(),
    displayName: text(),
    username: text().notNull(),
    authMethod: mailboxAuthEnum().notNull().default('password'),
    passwordSealed: text(),
    protocol: mailboxProtocolEnum().notNull(),
    host: text().notNull(),
    port: integer().notNull(),
    starttls: starttlsEnum().notNull().default('required'),
    tlsVerify: boolean().notNull().default(true),
    folder: text().notNull().default('INBOX'),
    afterProcessing: afterProcessingEnum().notNull().default('delete'),
    /** afterProcessing 'move': where stored messages go (created when missing). */
    moveToFolder: text(),
    createCases: boolean().notNull().default(true),
    maxMessageBytes: integer()
      .notNull()
      .default(25 * 1024 * 1024),
    ackEnabled: boolean().notNull().default(true),
    ackTemplate: text(),
    /** Wraps agents' replies (greeting, {{reply}}, sign-off); null sends the reply as typed. lib/cases/render-reply-template.ts */
    replyTemplate: text(),
    /** Attachments policy (lib/cases/attachment-policy.ts): null limits mean none. */
    attachmentMaxCount: integer(),
    attachmentMaxBytes: integer(),
    attachmentOverLimit: attachmentOverLimitEnum().notNull().default('strip'),
    smtpHost: text(),
    smtpPort: integer(),
    smtpSecurity: smtpSecurityEnum(),
    smtpUsername: text(),
    smtpPasswordSealed: text(),
    smtpSameAsIncoming: boolean().notNull().default(true),

    state: mailboxStateEnum().notNull().default('draft'),
    lastError: text(),
    lastErrorCode: text(),
    lastErrorAt: ts(),
    lastSyncAt: ts(),
    pollIntervalSeconds: integer().notNull().default(60),
    nextSyncAt: ts(),
    syncFailures: integer().notNull().default(0),

    /** OAuth 2.0 (authMethod 'oauth'): provider preset, client, endpoints and the sealed tokens. */
    oauthProvider: text(),
    oauthClientId: text(),
    oauthClientSecretSealed: text(),
    oauthScope: text(),
    oauthAuthUrl: text(),
    oauthTokenUrl: text(),
    oauthRedirectUri: text(),
    oauthAccessTokenSealed: text(),
    oauthAccessTokenExpiresAt: ts(),
    oauthRefreshTokenSealed: text(),
    oauthGrantedScopes: text(),
    oauthAccountEmail: text(),
    /** 'client_credentials': app-only access (Graph), a token per client secret, no refresh token; null: authorization code. */
    oauthGrantType: text(),

    /** Protocols 'graph' / 'gmail-api': the API's base URL (null: GRAPH_API_URL / GMAIL_API_URL). */
    apiBaseUrl: text(),
    /** Whose mailbox the API calls address (`/users/{apiUser}`): a shared mailbox, or app-only; null: the signed-in user (`me`). */
    apiUser: text(),
    /** Where the next listing starts: Graph's @odata.deltaLink, Gmail's historyId. Saved only after a run stored and removed all it listed. */
    syncCursor: text(),

    /**
     * Credential health (lib/mailboxes/credential-health.ts): when the stored refresh token was issued
     * and last used, its expiry when the provider gave one (refresh_token_expires_in), whether the
     * Google app was found to be in "Testing" (its refresh tokens die after 7 days), and the client
     * secret's expiry as the owner entered it.
     */
    oauthRefreshTokenIssuedAt: ts(),
    oauthRefreshTokenUsedAt: ts(),
    oauthRefreshTokenExpiresAt: ts(),
    oauthTestingApp: boolean().notNull().default(false),
    oauthClientSecretExpiresAt: ts(),
    /** Expiry warnings already mailed, one key per credential, expiry and threshold (sent once each). */
    credentialWarningsSent: text()
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),

    /** Acknowledgement loop protection: at most one per sender per this many hours. */
    ackWindowHours: integer().notNull().default(24),

    /**
     * Sender verification (SPF/DKIM/DMARC/ARC) policy: enforce | record | off; null follows the
     * SENDER_VERIFICATION default. lib/mail/verify/verify-sender.ts.
     */
    senderVerification: senderVerificationEnum(),
    /** Trust the topmost Authentication-Results of this authserv-id instead of checking ourselves. */
    trustedAuthservId: text(),
    /** ARC sealers (domains) whose valid ARC chain vouches for mail that fails DMARC after forwarding. */
    trustedArcSealers: text()
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** Honour the receiving server's spam verdict headers (lib/mail/verify/spam-verdict.ts). */
    spamFilter: boolean().notNull().default(true),
    /** SpamAssassin / rspamd score at or above which mail is spam; null: the server's own verdict. */
    spamScoreThreshold: doublePrecision(),
    /** Microsoft spam confidence level (SCL) at or above which mail is spam. */
    spamSclThreshold: integer().notNull().default(5),
    /** Make a contact of the requester of each new case. */
    createContacts: boolean().notNull().default(true),
    /** 'contacts': a new message from an unknown sender is held for review ('unknown-sender'). */
    senderFilter: senderFilterEnum().notNull().default('anyone'),
    /** Ask a held unknown sender to confirm (by reply or signed link); confirmed, the message opens its case. */
    confirmUnknownSenders: boolean().notNull().default(false),
    /** Unconfirmed after this many days, a held message is marked expired (still releasable). */
    confirmationExpiryDays: integer().notNull().default(7),

    /** One sync at a time: holder and expiry of the lease. */
    leaseOwner: text(),
    leaseExpiresAt: ts(),

    /** Import boundary recorded at confirmation. */
    importUidValidity: bigint({ mode: 'number' }),
    importUidNext: bigint({ mode: 'number' }),
    importUidls: jsonb().$type<string[]>(),
    importTotal: integer(),
    importProcessed: integer().notNull().default(0),
    /** Import option: history dated after this becomes Open cases (still imported: no acknowledgement). */
    importOpenAfter: ts(),
    importedAt: ts(),

    /** Protocol 'forward': the local part of its forwarding address, `<token>@INBOUND_DOMAIN`. */
    inboundToken: text(),

    /** IMAP cursor: everything below `imapUidNext` in `imapUidValidity` has been handled. */
    imapUidValidity: bigint({ mode: 'number' }),
    imapUidNext: bigint({ mode: 'number' }),

    ...timestamps,
  },
  (t) => [
    // Two tenants can never drain the same mailbox.
    uniqueIndex('mailboxes_email_key').on(sql`lower(${t.email})`),
    uniqueIndex('mailboxes_inbound_token_key').on(t.inboundToken),
    index().on(t.tenantId),
    index('mailboxes_due_idx').on(t.state, t.nextSyncAt),
  ],
);

/**
 * The import boundary's second key: a fingerprint (lib/mail/import-fingerprint.ts) of every message
 * present at confirmation, so they stay imported after UIDVALIDITY or the UIDLs change. Kept until
 * the import finishes.
 */
export const importFingerprints = pgTable(
  'import_fingerprints',
  {
    tenantId: ownedBy(() => tenants.id),
    mailboxId: ownedBy(() => mailboxes.id),
    fingerprint: text().notNull(),
  },
  (t) => [primaryKey({ columns: [t.mailboxId, t.fingerprint] })],
);

export const syncRuns = pgTable(
  'sync_runs',
  {
    ...tenantRow(),
    mailboxId: ownedBy(() => mailboxes.id),
    trigger: text().notNull().default('manual'),
    startedAt: createdAt(),
    finishedAt: ts(),
    fetched: integer().notNull().default(0),
    created: integer().notNull().default(0),
    appended: integer().notNull().default(0),
    ignored: integer().notNull().default(0),
    quarantined: integer().notNull().default(0),
    deleted: integer().notNull().default(0),
    errorCode: text(),
    error: text(),
  },
  (t) => [index().on(t.mailboxId, t.startedAt)],
);

/**
 * Further IMAP folders a mailbox reads besides its own `folder`, each with defaults for the cases it opens.
 * The messages a folder holds when it is first read become Closed cases (its import boundary, recorded then).
 */
export const mailboxFolders = pgTable(
  'mailbox_folders',
  {
    ...tenantRow(),
    mailboxId: ownedBy(() => mailboxes.id),
    name: text().notNull(),
    assigneeId: optionalRef(() => users.id),
    tags: text()
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    importUidValidity: bigint({ mode: 'number' }),
    importUidNext: bigint({ mode: 'number' }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex().on(t.mailboxId, t.name), index().on(t.tenantId)],
);

/**
 * Inbound SMTP's per-tenant token bucket, shared by every app instance: one statement per check
 * (lib/mail/inbound/tenant-rate-limiter.ts).
 */
export const inboundRateBuckets = pgTable('inbound_rate_buckets', {
  tenantId: uuid()
    .primaryKey()
    .references(() => tenants.id, { onDelete: 'cascade' }),
  tokens: doublePrecision().notNull(),
  updatedAt: ts().notNull(),
});
