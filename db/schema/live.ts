// What the workspace keeps current without recounting or polling: per-tenant case counts and the change
// feed that open tabs follow. Both are written by triggers on `cases` / `case_messages`
// (db/migrations, "live" migration), so every writer keeps them right in its own transaction.
import { bigint, boolean, index, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core';
import { tenants } from './accounts';
import { caseStatusEnum } from './cases';
import { createdAt, ownedBy } from './columns';

/**
 * Number of cases per (status, mailbox, assignee, imported): the list's tabs under any filter are a sum
 * over a handful of rows, never a count over the cases table.
 */
export const caseCounts = pgTable(
  'case_counts',
  {
    tenantId: ownedBy(() => tenants.id),
    status: caseStatusEnum().notNull(),
    mailboxId: uuid(),
    assigneeId: uuid(),
    imported: boolean().notNull(),
    n: bigint({ mode: 'number' }).notNull().default(0),
  },
  (t) => [unique('case_counts_key').on(t.tenantId, t.status, t.mailboxId, t.assigneeId, t.imported).nullsNotDistinct()],
);

/**
 * The change feed: one row per changed case (or one `resync` row for a bulk change), in commit-ish order
 * by `id`. Open tabs get these pushed (LISTEN/NOTIFY → Server-Sent Events) and resume from the last id.
 */
export const liveEvents = pgTable(
  'live_events',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    tenantId: ownedBy(() => tenants.id),
    /** The case's people-facing number; null for `resync`. */
    caseNumber: bigint({ mode: 'number' }),
    /** case | message | resync */
    kind: text().notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('live_events_tenant_id_idx').on(t.tenantId, t.id), index().on(t.createdAt)],
);

export const liveEventKinds = ['case', 'message', 'resync'] as const;
export type LiveEventKind = (typeof liveEventKinds)[number];
