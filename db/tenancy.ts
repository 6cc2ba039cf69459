// withTenant / withSystem: every database transaction runs under one of two non-owner roles.
// Row-level security (db/migrations/0001_rls.sql) does the walling-off; these only set the stage.
import { sql } from 'drizzle-orm';
import { AppError } from '@/lib/errors';
import { getDb, type Db, type SystemTx, type TenantTx } from './client';
import { isUuid } from '@/lib/is-uuid';

export type { SystemTx, TenantTx, Tx } from './client';

export const APP_ROLE = 'caseflow_app';
export const SYSTEM_ROLE = 'caseflow_system';

/**
 * Every app transaction is bounded in the database too (README "Security"): one statement may run
 * at most STATEMENT_TIMEOUT, and a transaction left idle (a client or a bug holding it open) is
 * ended by PostgreSQL after IDLE_IN_TRANSACTION_TIMEOUT, which returns its connection to the pool.
 * Set per transaction because SET ROLE does not apply a role's own settings; the migration also
 * sets them on the roles for a deployment that logs in as them.
 */
export const STATEMENT_TIMEOUT = '30s';
export const IDLE_IN_TRANSACTION_TIMEOUT = '60s';

const limits = sql`set_config('statement_timeout', ${STATEMENT_TIMEOUT}, true), set_config('idle_in_transaction_session_timeout', ${IDLE_IN_TRANSACTION_TIMEOUT}, true)`;

/** SET LOCAL ROLE as an expression, evaluated after the settings before it in the same select list. */
const localRole = (role: string) => sql`set_config('role', ${role}, true)`;

/** Runs `fn` in a transaction that sees only `tenantId`'s rows (app role + app.tenant_id, both transaction-local). */
export async function withTenant<T>(tenantId: string, fn: (tx: TenantTx) => Promise<T>, db?: Db): Promise<T> {
  if (!isUuid(tenantId)) throw new AppError('not_found', 'Not found.');
  const database = db ?? (await getDb());
  return database.transaction(async (tx) => {
    // One round trip: set_config('role', …, true) is SET LOCAL ROLE (with the same membership check).
    await tx.execute(sql`select set_config('app.tenant_id', ${tenantId}, true), ${limits}, ${localRole(APP_ROLE)}`);
    return fn(tx as TenantTx);
  });
}

/**
 * Runs `fn` in a transaction under the system role, which may read across tenants.
 * For the runner, sign-in, sign-up and API-key lookup only; never with input-derived tenant filters skipped.
 */
export async function withSystem<T>(fn: (tx: SystemTx) => Promise<T>, db?: Db): Promise<T> {
  const database = db ?? (await getDb());
  return database.transaction(async (tx) => {
    await tx.execute(sql`select set_config('app.tenant_id', '', true), ${limits}, ${localRole(SYSTEM_ROLE)}`);
    return fn(tx as SystemTx);
  });
}
