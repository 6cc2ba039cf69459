// The case statuses, once: the database enum (db/schema/cases.ts) is built from this list, and every
// schema, filter and menu that names a status reads it here. No imports, so client components can use it.
export const CASE_STATUSES = ['open', 'pending', 'closed'] as const;

export type CaseStatus = (typeof CASE_STATUSES)[number];
