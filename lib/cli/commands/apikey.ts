// apikey create / list / revoke
import { createApiKey } from '@/lib/api-keys/create-api-key';
import { listApiKeys } from '@/lib/api-keys/list-api-keys';
import { revokeApiKey } from '@/lib/api-keys/revoke-api-key';
import { defineTenantCommand } from '../tenant-command';

defineTenantCommand({
  name: 'apikey create',
  summary: 'Create an API key for a tenant (the key is printed once)',
  usage: '--tenant <slug> --name <name>',
  options: { name: { type: 'string' } },
  required: ['name'],
  run: async ({ values, progress, inTenant }) => {
    const created = await inTenant(async (tx, tenant) => {
      const apiKey = await createApiKey(tx, {
        tenantId: tenant.id,
        name: values.name!,
        createdBy: null,
        actor: { kind: 'cli' },
      });
      return { id: apiKey.id, key: apiKey.key, prefix: apiKey.prefix, tenant: tenant.slug };
    });
    progress('store the key now: it is not shown again');
    return created;
  },
});

defineTenantCommand({
  name: 'apikey list',
  summary: 'List a tenant’s API keys (prefixes only)',
  usage: '--tenant <slug>',
  run: ({ inTenant }) => inTenant((tx) => listApiKeys(tx)),
});

defineTenantCommand({
  name: 'apikey revoke',
  summary: 'Revoke an API key',
  usage: '--tenant <slug> --id <key id>',
  options: { id: { type: 'string' } },
  required: ['id'],
  run: async ({ values, inTenant }) => {
    await inTenant((tx, tenant) =>
      revokeApiKey(tx, { tenantId: tenant.id, apiKeyId: values.id!, actor: { kind: 'cli' } }),
    );
    return { id: values.id, revoked: true };
  },
});
