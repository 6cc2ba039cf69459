// The case statuses and priorities, once: the database enums (db/schema/cases.ts) are built from these lists,
// and every schema, filter and menu that names one reads it here. No imports, so client components can use it.
export const CASE_STATUSES = ['open', 'pending', 'closed'] as const;

export type CaseStatus = (typeof CASE_STATUSES)[number];

export const CASE_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;

export type CasePriority = (typeof CASE_PRIORITIES)[number];
