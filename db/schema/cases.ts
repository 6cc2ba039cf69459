// Cases, their history, the raw mail they came from, and the mail we kept out of them.
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  customType,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { CASE_PRIORITIES, CASE_STATUSES } from '../../lib/cases/case-status';
import { tenantRow, tenants, users } from './accounts';
import { createdAt, optionalRef, ownedBy, timestamps, ts, updatedAt } from './columns';
import { contacts } from './contacts';
import { mailboxes } from './mailboxes';
import type { DerivedContent } from '@/lib/mail/derive-content';
import type { SenderAuth } from '@/lib/mail/verify/sender-auth';

export const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v)),
});

export const caseStatusEnum = pgEnum('case_status', CASE_STATUSES);
export const messageDirectionEnum = pgEnum('message_direction', ['in', 'out', 'note', 'system']);
export const ignoredOutcomeEnum = pgEnum('ignored_outcome', ['ignored', 'quarantined']);
export const casePriorityEnum = pgEnum('case_priority', CASE_PRIORITIES);

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

export type Address = { address: string; name?: string };

/** Exact RFC 822 bytes of every message fetched, kept so "view original" outlives the server copy. */
export const rawMessages = pgTable(
  'raw_messages',
  {
    ...tenantRow(),
    mailboxId: optionalRef(() => mailboxes.id),
    sha256: text().notNull(),
    size: integer().notNull(),
    content: bytea().notNull(),
    /** Source position: IMAP (uidvalidity, uid) or POP3 uidl. */
    uidValidity: bigint({ mode: 'number' }),
    uid: bigint({ mode: 'number' }),
    uidl: text(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('raw_messages_imap_key')
      .on(t.mailboxId, t.uidValidity, t.uid)
      .where(sql`${t.uid} is not null`),
    uniqueIndex('raw_messages_pop3_key')
      .on(t.mailboxId, t.uidl)
      .where(sql`${t.uidl} is not null`),
    uniqueIndex('raw_messages_sha_key').on(t.mailboxId, t.sha256),
    index().on(t.tenantId),
  ],
);

export const cases = pgTable(
  'cases',
  {
    ...tenantRow(),
    number: bigint({ mode: 'number' }).notNull(),
    subject: text().notNull(),
    status: caseStatusEnum().notNull().default('open'),
    requesterEmail: text().notNull(),
    requesterName: text(),
    /** The requester's contact (lib/contacts); null when the mailbox does not create contacts. */
    contactId: optionalRef(() => contacts.id),
    mailboxId: optionalRef(() => mailboxes.id),
    assigneeId: optionalRef(() => users.id),
    imported: boolean().notNull().default(false),
    priority: casePriorityEnum().notNull().default('normal'),
    tags: text()
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** Full-text: subject and requester (message text is searched through case_messages.search). */
    search: tsvector().generatedAlwaysAs(
      sql`to_tsvector('simple', coalesce(subject, '') || ' ' || coalesce(requester_email, '') || ' ' || coalesce(requester_name, ''))`,
    ),
    lastActivityAt: ts().notNull().defaultNow(),
    closedAt: ts(),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('cases_tenant_number_key').on(t.tenantId, t.number),
    index('cases_tenant_activity_idx').on(t.tenantId, t.lastActivityAt, t.id),
    index('cases_tenant_status_activity_idx').on(t.tenantId, t.status, t.lastActivityAt, t.id),
    index().on(t.tenantId, t.requesterEmail),
    index('cases_search_idx').using('gin', t.search),
    index('cases_tags_idx').using('gin', t.tags),
    index('cases_tenant_assignee_activity_idx').on(t.tenantId, t.assigneeId, t.lastActivityAt, t.id),
    index('cases_contact_activity_idx').on(t.contactId, t.lastActivityAt, t.id),
  ],
);

export const caseMessages = pgTable(
  'case_messages',
  {
    ...tenantRow(),
    caseId: ownedBy(() => cases.id),
    direction: messageDirectionEnum().notNull(),
    rawMessageId: optionalRef(() => rawMessages.id),
    /** Message-ID header without angle brackets. */
    messageId: text(),
    inReplyTo: text(),
    references: jsonb().$type<string[]>(),
    fromAddress: text(),
    fromName: text(),
    to: jsonb().$type<Address[]>(),
    cc: jsonb().$type<Address[]>(),
    replyTo: jsonb().$type<Address[]>(),
    subject: text(),
    sentAt: ts(),
    text: text(),
    /** An agent's reply as typed, when the mailbox's reply template wrapped it into `text` ("Undo send" gives it back). */
    typedText: text(),
    html: text(),
    /**
     * What the case page shows, derived at ingestion in the message worker pool (sanitized HTML,
     * text blocks, caps): pages render it as stored. Null until derived (older rows: the backfill).
     */
    display: jsonb().$type<DerivedContent>(),
    /** display.version, as a column so the backfill finds stale rows by index. */
    displayVersion: integer(),
    /** A short snippet of the new text (quoted text left out), for lists. */
    preview: text(),
    /** Stored order: on a tie (a duplicated Message-ID) the row stored first wins, deterministically. */
    storedSeq: bigint({ mode: 'number' }).generatedAlwaysAsIdentity(),
    /** System events: imported, reopened, delivery-failed, auto-reply, status, assignee… */
    systemKind: text(),
    authorUserId: optionalRef(() => users.id),
    /** Inbound: what sender verification found (SPF, DKIM, DMARC, ARC); null when not checked. */
    senderAuth: jsonb().$type<SenderAuth>(),
    /** Outbound: queued | sending | sent | failed | not-sent. */
    deliveryStatus: text(),
    deliveryError: text(),
    deliveryAttempts: integer().notNull().default(0),
    nextDeliveryAt: ts(),
    /** Full-text over subject and body text. */
    search: tsvector().generatedAlwaysAs(
      sql`to_tsvector('simple', coalesce(subject, '') || ' ' || left(coalesce(text, ''), 100000))`,
    ),
    createdAt: createdAt(),
  },
  (t) => [
    index('case_messages_search_idx').using('gin', t.search),
    // Exactly one acknowledgement per case.
    uniqueIndex('case_messages_ack_key')
      .on(t.caseId)
      .where(sql`${t.systemKind} = 'acknowledgement'`),
    index('case_messages_sender_recent_idx').on(t.tenantId, t.fromAddress, t.createdAt),
    index('case_messages_delivery_due_idx')
      .on(t.nextDeliveryAt)
      .where(sql`${t.deliveryStatus} in ('queued', 'failed')`),
    index().on(t.caseId, t.createdAt),
    uniqueIndex('case_messages_raw_key')
      .on(t.rawMessageId)
      .where(sql`${t.rawMessageId} is not null and ${t.direction} = 'in'`),
    index('case_messages_tenant_message_id_idx').on(t.tenantId, t.messageId),
    index('case_messages_display_version_idx').on(sql`coalesce(${t.displayVersion}, 0)`),
  ],
);

/**
 * The number of a case merged into another: the merged case's row is gone (its history moved), and its
 * number leads to the case it joined (page, API, `[Case #N]` tokens). A later merge of that case repoints it.
 */
export const caseMerges = pgTable(
  'case_merges',
  {
    tenantId: ownedBy(() => tenants.id),
    number: bigint({ mode: 'number' }).notNull(),
    intoCaseId: ownedBy(() => cases.id),
    mergedBy: optionalRef(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('case_merges_tenant_number_key').on(t.tenantId, t.number), index().on(t.intoCaseId)],
);

/** Attachment bytes, stored once per tenant by SHA-256. */
export const attachmentBlobs = pgTable(
  'attachment_blobs',
  {
    ...tenantRow(),
    sha256: text().notNull(),
    size: integer().notNull(),
    content: bytea().notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('attachment_blobs_tenant_sha_key').on(t.tenantId, t.sha256)],
);

export const attachments = pgTable(
  'attachments',
  {
    ...tenantRow(),
    caseMessageId: ownedBy(() => caseMessages.id),
    blobId: uuid()
      .notNull()
      .references(() => attachmentBlobs.id),
    filename: text().notNull(),
    contentType: text().notNull(),
    size: integer().notNull(),
    contentId: text(),
    inline: boolean().notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [index().on(t.caseMessageId)],
);

/** Mail that did not become case history: auto-generated, rule-ignored, or quarantined. */
export const ignoredMessages = pgTable(
  'ignored_messages',
  {
    ...tenantRow(),
    mailboxId: optionalRef(() => mailboxes.id),
    rawMessageId: optionalRef(() => rawMessages.id),
    outcome: ignoredOutcomeEnum().notNull(),
    kind: text().notNull(),
    reason: text().notNull(),
    fromAddress: text(),
    fromName: text(),
    subject: text(),
    messageId: text(),
    sentAt: ts(),
    /** The case it refers to (bounce or auto-reply about one of our messages). */
    caseId: optionalRef(() => cases.id),
    releasedCaseId: optionalRef(() => cases.id),
    releasedAt: ts(),
    /** What sender verification found; null when not checked. */
    senderAuth: jsonb().$type<SenderAuth>(),
    /**
     * Held for an unknown sender (lib/contacts/sender-confirmation): pending → sending → sent | failed |
     * not-sent, then confirmed (the sender replied or followed the link) or expired; null: none asked.
     */
    confirmationStatus: text(),
    /** The Message-ID of the confirmation request (a reply to it confirms). */
    confirmationMessageId: text(),
    confirmationSentAt: ts(),
    confirmationError: text(),
    confirmationAttempts: integer().notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [
    index().on(t.tenantId, t.createdAt),
    index().on(t.mailboxId, t.createdAt),
    index('ignored_messages_sender_recent_idx').on(t.tenantId, t.fromAddress, t.createdAt),
    uniqueIndex('ignored_messages_raw_key')
      .on(t.rawMessageId)
      .where(sql`${t.rawMessageId} is not null`),
    index('ignored_messages_confirmation_idx')
      .on(t.tenantId, t.confirmationMessageId)
      .where(sql`${t.confirmationMessageId} is not null`),
  ],
);

/** Transactional outbox: written with the change it describes, consumed by the runner/Inngest. */
export const outboxEvents = pgTable(
  'outbox_events',
  {
    ...tenantRow(),
    type: text().notNull(),
    payload: jsonb().$type<Record<string, unknown>>().notNull(),
    createdAt: createdAt(),
    dispatchedAt: ts(),
    attempts: integer().notNull().default(0),
    nextAttemptAt: ts().notNull().defaultNow(),
    lastError: text(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('outbox_events_pending_idx')
      .on(t.nextAttemptAt)
      .where(sql`${t.dispatchedAt} is null`),
  ],
);
