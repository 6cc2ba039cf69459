// API keys for tests that call /api/v1 routes the way an integration does (Authorization: Bearer <key>), and the
// usual start of such a test: its own tenant, a key for it, and a mailbox row to receive mail into.
import type { mailboxes } from '@/db/schema';
import { withTenant } from '@/db/tenancy';
import { createApiKey } from '@/lib/api-keys/create-api-key';
import { makeMailboxRow } from './mailbox-fixture';
import { makeTenant } from './tenant';

/** A new API key of the tenant (made by no one in particular, as the CLI makes them); returns the secret key. */
export async function apiKeyFor(tenantId: string): Promise<string> {
  const { key } = await withTenant(tenantId, (tx) => createApiKey(tx, { tenantId, name: 'test', createdBy: null }));
  return key;
}

/** A new tenant with an API key and one mailbox row (`mailbox` sets its columns). */
export async function makeTenantWithKey(label: string, mailbox: Partial<typeof mailboxes.$inferInsert> = {}) {
  const tenant = await makeTenant(label);
  const key = await apiKeyFor(tenant.tenantId);
  return { ...tenant, key, mailbox: await makeMailboxRow(tenant.tenantId, mailbox) };
}
