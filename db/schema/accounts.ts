// People, tenants and who may do what in them.
import { sql } from 'drizzle-orm';
import { bigint, index, integer, jsonb, pgEnum, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, id, optionalRef, ownedBy, timestamps, ts } from './columns';

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

/** The columns every row a tenant owns opens with: its uuid key and the tenant it is deleted with. */
export const tenantRow = () => ({ id: id(), tenantId: ownedBy(() => tenants.id) });

export const memberships = pgTable(
  'memberships',
  {
    ...tenantRow(),
    userId: ownedBy(() => users.id),
    role: roleEnum().notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('memberships_tenant_user_key').on(t.tenantId, t.userId), index().on(t.userId)],
);

export const invitations = pgTable(
  'invitations',
  {
    ...tenantRow(),
    email: text(),
    role: roleEnum().notNull(),
    tokenHash: text().notNull().unique(),
    expiresAt: ts().notNull(),
    acceptedAt: ts(),
    acceptedBy: optionalRef(() => users.id),
    createdBy: optionalRef(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index().on(t.tenantId)],
);

export const apiKeys = pgTable(
  'api_keys',
  {
    ...tenantRow(),
    name: text().notNull(),
    /** First characters of the key, shown in lists ("cf_live_ab12…"). */
    prefix: text().notNull(),
    keyHash: text().notNull().unique(),
    createdBy: optionalRef(() => users.id),
    createdAt: createdAt(),
    lastUsedAt: ts(),
    revokedAt: ts(),
  },
  (t) => [index().on(t.tenantId)],
);

export const auditLog = pgTable(
  'audit_log',
  {
    ...tenantRow(),
    actorUserId: optionalRef(() => users.id),
    actorApiKeyId: optionalRef(() => apiKeys.id),
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
