// Sign-in state kept beside the users: revocable sessions, password-reset links and sign-in throttling.
// None of it belongs to a tenant; it is read and written under the system role only.
import { index, integer, pgTable, text } from 'drizzle-orm/pg-core';
import { users } from './accounts';
import { createdAt, id, ownedBy, ts } from './columns';

/** One row per signed-in browser: the session cookie names it, sign-out revokes it. */
export const userSessions = pgTable(
  'user_sessions',
  {
    id: id(),
    userId: ownedBy(() => users.id),
    createdAt: createdAt(),
    expiresAt: ts().notNull(),
    revokedAt: ts(),
  },
  (t) => [index().on(t.userId)],
);

/** A password-reset link: the token is mailed once and stored only as a hash; single use, short-lived. */
export const passwordResetTokens = pgTable(
  'password_reset_tokens',
  {
    id: id(),
    userId: ownedBy(() => users.id),
    tokenHash: text().notNull().unique(),
    expiresAt: ts().notNull(),
    usedAt: ts(),
    createdAt: createdAt(),
  },
  (t) => [index().on(t.userId)],
);

/** Failed sign-ins per key ("account:<email>" or "address:<ip>") and until when the next try waits. */
export const signInThrottles = pgTable('sign_in_throttles', {
  key: text().primaryKey(),
  failures: integer().notNull().default(0),
  lastFailureAt: ts().notNull(),
  blockedUntil: ts(),
});
