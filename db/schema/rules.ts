// Inbound mail rules per mailbox (or tenant-wide) and the tenant's sender lists.
import { boolean, index, integer, jsonb, pgEnum, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { tenantRow } from './accounts';
import { createdAt, timestamps } from './columns';
import { mailboxes } from './mailboxes';

export const ruleMatchEnum = pgEnum('rule_match', ['all', 'any']);
export const senderListKindEnum = pgEnum('sender_list_kind', ['blocked', 'allowed']);

export const rules = pgTable(
  'rules',
  {
    ...tenantRow(),
    /** null = applies to every mailbox of the tenant. */
    mailboxId: uuid().references(() => mailboxes.id, { onDelete: 'cascade' }),
    name: text().notNull(),
    enabled: boolean().notNull().default(true),
    position: integer().notNull().default(0),
    match: ruleMatchEnum().notNull().default('all'),
    conditions: jsonb().$type<unknown[]>().notNull(),
    actions: jsonb().$type<unknown[]>().notNull(),
    ...timestamps,
  },
  (t) => [index().on(t.tenantId, t.mailboxId, t.position)],
);

export const senderListEntries = pgTable(
  'sender_list_entries',
  {
    ...tenantRow(),
    kind: senderListKindEnum().notNull(),
    /** A full address (a@b.com) or a domain (b.com). Lower-case. */
    pattern: text().notNull(),
    note: text(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('sender_list_entries_key').on(t.tenantId, t.kind, t.pattern)],
);
