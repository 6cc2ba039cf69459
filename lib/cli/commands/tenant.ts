// tenant create / tenant list
import { asc, eq, sql } from 'drizzle-orm';
import { memberships, tenants } from '@/db/schema';
import { withSystem } from '@/db/tenancy';
import { createTenant } from '@/lib/tenants/create-tenant';
import { defineCommand, UsageError } from '../registry';

defineCommand({
  name: 'tenant create',
  summary: 'Create a tenant and its owner account (password read from stdin)',
  usage: '--name <name> --slug <slug> --owner-email <email> --owner-password-stdin [--owner-name <name>]',
  options: {
    name: { type: 'string' },
    slug: { type: 'string' },
    'owner-email': { type: 'string' },
    'owner-name': { type: 'string' },
    'owner-password-stdin': { type: 'boolean' },
  },
  required: ['name', 'slug', 'owner-email'],
  run: async ({ values, readStdin, progress }) => {
    // A password on the command line would sit in the shell history and the process list.
    if (!values['owner-password-stdin'])
      throw new UsageError('Pass --owner-password-stdin and pipe the owner’s password in.');
    const password = (await readStdin()).replace(/\r?\n$/, '');
    if (!password) throw new UsageError('No password on stdin.');
    progress(`creating tenant ${values.slug}…`);
    const created = await createTenant(
      {
        name: values.name!,
        slug: values.slug!,
        owner: { email: values['owner-email']!, password, name: values['owner-name'] },
      },
      { actor: { kind: 'cli' } },
    );
    return {
      id: created.tenantId,
      name: created.name,
      slug: created.slug,
      ownerUserId: created.ownerUserId,
      ownerEmail: values['owner-email']!.trim().toLowerCase(),
    };
  },
});

defineCommand({
  name: 'tenant list',
  summary: 'List all tenants',
  options: {},
  run: async () =>
    withSystem((tx) =>
      tx
        .select({
          id: tenants.id,
          name: tenants.name,
          slug: tenants.slug,
          createdAt: tenants.createdAt,
          members: sql<number>`count(${memberships.id})::int`,
        })
        .from(tenants)
        .leftJoin(memberships, eq(memberships.tenantId, tenants.id))
        .groupBy(tenants.id)
        .orderBy(asc(tenants.createdAt)),
    ),
});
