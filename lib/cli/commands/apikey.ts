// apikey create / list / revoke
import { withTenant } from '@/db/tenancy';
import { createApiKey } from '@/lib/api-keys/create-api-key';
import { listApiKeys } from '@/lib/api-keys/list-api-keys';
import { revokeApiKey } from '@/lib/api-keys/revoke-api-key';
import { defineCommand } from '../registry';
import { resolveTenant, withTenantBySlug } from '../resolve-tenant';

defineCommand({
  name: 'apikey create',
  summary: 'Create an API key for a tenant (the key is printed once)',
  usage: '--tenant <slug> --name <name>',
  options: { tenant: { type: 'string' }, name: { type: 'string' } },
  required: ['tenant', 'name'],
  run: async ({ values, progress }) => {
    const tenant = await resolveTenant(values.tenant!);
    const created = await withTenant(tenant.id, (tx) =>
      createApiKey(tx, { tenantId: tenant.id, name: values.name!, createdBy: null, actor: { kind: 'cli' } }),
    );
    progress('store the key now: it is not shown again');
    return { id: created.id, key: created.key, prefix: created.prefix, tenant: tenant.slug };
  },
});

defineCommand({
  name: 'apikey list',
  summary: 'List a tenant’s API keys (prefixes only)',
  usage: '--tenant <slug>',
  options: { tenant: { type: 'string' } },
  required: ['tenant'],
  run: async ({ values }) => {
    return withTenantBySlug(values.tenant!, (tx) => listApiKeys(tx));
  },
});

defineCommand({
  name: 'apikey revoke',
  summary: 'Revoke an API key',
  usage: '--tenant <slug> --id <key id>',
  options: { tenant: { type: 'string' }, id: { type: 'string' } },
  required: ['tenant', 'id'],
  run: async ({ values }) => {
    await withTenantBySlug(values.tenant!, (tx, tenant) =>
      revokeApiKey(tx, { tenantId: tenant.id, apiKeyId: values.id!, actor: { kind: 'cli' } }),
    );
    return { id: values.id, revoked: true };
  },
});
