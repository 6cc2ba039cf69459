// Shared column shapes: uuid keys, timestamptz, the references a row cannot outlive (its tenant, its case,
// its user…) and the ones it can, so every table spells them the same way.
import { timestamp, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';

export const id = () => uuid().primaryKey().defaultRandom();
export const createdAt = () => timestamp({ withTimezone: true }).notNull().defaultNow();
export const updatedAt = () =>
  timestamp({ withTimezone: true })
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date());
export const ts = () => timestamp({ withTimezone: true });

/** A required reference deleted with its parent: `tenantId: ownedBy(() => tenants.id)`. */
export const ownedBy = (parent: () => AnyPgColumn) => uuid().notNull().references(parent, { onDelete: 'cascade' });

/** An optional reference the row outlives: set to null when its target is deleted (`assigneeId`, `createdBy`…). */
export const optionalRef = (target: () => AnyPgColumn) => uuid().references(target, { onDelete: 'set null' });

/** When a row was made and last changed (`updatedAt` moves on every update through Drizzle). */
export const timestamps = { createdAt: createdAt(), updatedAt: updatedAt() };
