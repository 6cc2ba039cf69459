// Read queries rely on row-level security, and also say so in SQL: under the system role
// (no app.tenant_id) they return nothing instead of every tenant's rows.
import { sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';

export function inCurrentTenant(tenantIdColumn: PgColumn): SQL {
  return sql`${tenantIdColumn} = nullif(current_setting('app.tenant_id', true), '')::uuid`;
}
