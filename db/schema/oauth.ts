// OAuth 2.0 authorization attempts for mailboxes: state (hashed) + PKCE verifier (sealed), single use.
import { index, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { tenantRow, users } from './accounts';
import { createdAt, ownedBy, ts } from './columns';
import { mailboxes } from './mailboxes';

export const oauthStates = pgTable(
  'oauth_states',
  {
    ...tenantRow(),
    mailboxId: ownedBy(() => mailboxes.id),
    userId: uuid().references(() => users.id, { onDelete: 'cascade' }),
    provider: text().notNull(),
    stateHash: text().notNull().unique(),
    codeVerifierSealed: text().notNull(),
    redirectUri: text().notNull(),
    expiresAt: ts().notNull(),
    usedAt: ts(),
    createdAt: createdAt(),
  },
  (t) => [index().on(t.mailboxId)],
);
