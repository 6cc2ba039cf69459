// People, tenants and who may do what in them.
import { sql } from 'drizzle-orm';
import { bigint, index, integer, jsonb, pgEnum, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, ownedBy, timestamps, ts } from './columns';

export const roleEnum = pgEnum('membership_role', ['owner', 'admin', 'agent']);

export const users = pgTable(
  'users',
  {
    id: id(),
    email: text().notNull(),
    name: text(),
    passwordHash: text().notNull(),
    /** Raised by "sign out everywhere", a password change or reset: every older session cookie stops working. */
    sessionVersion: integer().notNull().default(0),
    ...timestamps,
  },
  (t) => [uniqueIndex('users_email_key').on(sql`lower(${t.email})`)],
);

export const tenants = pgTable('tenants', {
  id: id(),
  name: text().notNull(),
  slug: text().notNull().unique(),
  /** Last case number handed out; incremented under the row lock. */
  caseCounter: bigint({ mode: 'number' }).notNull().default(0),
  /**
   * When the contacts backfill made its cases' requesters contacts (lib/contacts/backfill-contacts.ts);
   * tenants made after contacts existed start marked (the migration left older ones null).
   */
  contactsBackfilledAt: ts().defaultNow(),
  ...timestamps,
});

export const memberships = pgTable(
  'memberships',
  {
    id: id(),
    tenantId: ownedBy(() => tenants.id),
    userId: ownedBy(() => users.id),
    role: roleEnum().notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('memberships_tenant_user_key').on(t.tenantId, t.userId), index().on(t.userId)],
);

export const invitations = pgTable(
  'invitations',
  {
    id: id(),
    tenantId: ownedBy(() => tenants.id),
    email: text(),
    role: roleEnum().notNull(),
    tokenHash: text().notNull().unique(),
    expiresAt: ts().notNull(),
    acceptedAt: ts(),
    acceptedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    createdBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [index().on(t.tenantId)],
);

export const apiKeys = pgTable(
  'api_keys',
  {
    id: id(),
    tenantId: ownedBy(() => tenants.id),
    name: text().notNull(),
    /** First characters of the key, shown in lists ("cf_live_ab12…"). */
    prefix: text().notNull(),
    keyHash: text().notNull().unique(),
    createdBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    lastUsedAt: ts(),
    revokedAt: ts(),
  },
  (t) => [index().on(t.tenantId)],
);

export const auditLog = pgTable(
  'audit_log',
  {
    id: id(),
    tenantId: ownedBy(() => tenants.id),
    actorUserId: uuid().references(() => users.id, { onDelete: 'set null' }),
    actorApiKeyId: uuid().references(() => apiKeys.id, { onDelete: 'set null' }),
    /** "system" for the runner, "cli" for operator commands. */
    actorKind: text().notNull().default('user'),
    action: text().notNull(),
    targetType: text(),
    targetId: text(),
    details: jsonb().$type<Record<string, unknown>>(),
    createdAt: createdAt(),
  },
  (t) => [index().on(t.tenantId, t.createdAt)],
);
