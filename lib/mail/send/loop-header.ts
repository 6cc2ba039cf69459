// The header every message we send carries, so our own mail coming back is recognised as a loop
// (classify.ts checks for its presence; its default `loopHeader` is this name, lower-cased).
import { createHash } from 'node:crypto';

export const LOOP_HEADER = 'X-Caseflow-Loop';

/**
 * A tenant-scoped value: a hash of the tenant id (not the id itself, which is internal), so a loop
 * between two tenants of one Caseflow can be told apart from a tenant's own mail coming back.
 */
export function loopHeaderValue(tenantId: string): string {
  return `caseflow; tenant=${createHash('sha256').update(`caseflow:loop:${tenantId.toLowerCase()}`).digest('hex').slice(0, 16)}`;
}
