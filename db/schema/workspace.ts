// What each agent keeps for themself in a workspace (read marks, visits, saved views, settings) and the
// tenant's canned replies.
import { sql } from 'drizzle-orm';
import { boolean, index, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { tenantRow, tenants, users } from './accounts';
import { cases } from './cases';
import { createdAt, optionalRef, ownedBy, timestamps, ts, updatedAt } from './columns';

/** When an agent last opened a case: the list marks cases with customer mail newer than that as unread. */
export const caseReads = pgTable(
  'case_reads',
  {
    tenantId: ownedBy(() => tenants.id),
    userId: ownedBy(() => users.id),
    caseId: ownedBy(() => cases.id),
    readAt: ts().notNull().defaultNow(),
  },
  (t) => [uniqueIndex('case_reads_user_case_key').on(t.userId, t.caseId), index().on(t.tenantId)],
);

/** An agent's settings in one workspace: Home's "since my last visit", signature, notifications. */
export const agentSettings = pgTable(
  'agent_settings',
  {
    tenantId: ownedBy(() => tenants.id),
    userId: ownedBy(() => users.id),
    /** The latest visit to Home, and the visit before it (what "new since my last visit" counts from). */
    lastVisitAt: ts(),
    previousVisitAt: ts(),
    signature: text(),
    notifyOnAssign: boolean().notNull().default(true),
    notifyOnReply: boolean().notNull().default(true),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('agent_settings_tenant_user_key').on(t.tenantId, t.userId)],
);

/** A named filter of the cases list, per agent. */
export const savedViews = pgTable(
  'saved_views',
  {
    ...tenantRow(),
    userId: ownedBy(() => users.id),
    name: text().notNull(),
    /** The list's query string (view, tag, priority, mailbox, words). */
    query: text().notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('saved_views_user_name_key').on(t.tenantId, t.userId, sql`lower(${t.name})`)],
);

/** Tenant-wide snippets inserted into replies, with placeholders ({{requester.name}}, {{case.number}}…). */
export const cannedReplies = pgTable(
  'canned_replies',
  {
    ...tenantRow(),
    name: text().notNull(),
    body: text().notNull(),
    createdBy: optionalRef(() => users.id),
    ...timestamps,
  },
  (t) => [uniqueIndex('canned_replies_tenant_name_key').on(t.tenantId, sql`lower(${t.name})`)],
);

/**
 * Notification emails sent to agents, one per (outbox event, agent): the outbox hands an event to its
 * consumers at least once, and this row makes a repeat a no-op instead of a second email.
 */
export const agentNotifications = pgTable(
  'agent_notifications',
  {
    tenantId: ownedBy(() => tenants.id),
    eventId: uuid().notNull(),
    userId: ownedBy(() => users.id),
    /** assigned | customer-reply */
    kind: text().notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('agent_notifications_event_user_key').on(t.eventId, t.userId), index().on(t.tenantId)],
);

/** Who is writing a reply on a case right now (the collision notice, "Ana is replying"); rows expire by time. */
export const casePresence = pgTable(
  'case_presence',
  {
    tenantId: ownedBy(() => tenants.id),
    caseId: ownedBy(() => cases.id),
    userId: ownedBy(() => users.id),
    until: ts().notNull(),
  },
  (t) => [uniqueIndex('case_presence_case_user_key').on(t.caseId, t.userId), index().on(t.tenantId)],
);
