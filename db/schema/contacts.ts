// The people who write to a tenant (contacts, made from requesters) and the organisations they belong to
// (found by the domain of their address; an organisation may own several domains).
import { sql } from 'drizzle-orm';
import { index, pgTable, text, uniqueIndex, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { tenantRow, tenants } from './accounts';
import { optionalRef, ownedBy, timestamps } from './columns';

export const organizations = pgTable(
  'organizations',
  {
    ...tenantRow(),
    name: text().notNull(),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('organizations_tenant_name_key').on(t.tenantId, sql`lower(${t.name})`),
    index('organizations_tenant_created_idx').on(t.tenantId, t.createdAt, t.id),
  ],
);

/** A mail domain of an organisation (lowercase, no "@"); one organisation per domain in a tenant. */
export const organizationDomains = pgTable(
  'organization_domains',
  {
    tenantId: ownedBy(() => tenants.id),
    organizationId: ownedBy(() => organizations.id),
    domain: text().notNull(),
  },
  (t) => [uniqueIndex('organization_domains_tenant_domain_key').on(t.tenantId, t.domain), index().on(t.organizationId)],
);

export const contacts = pgTable(
  'contacts',
  {
    ...tenantRow(),
    /** Lowercase address; one contact row per address in a tenant. */
    email: text().notNull(),
    name: text(),
    organizationId: optionalRef(() => organizations.id),
    /**
     * Set when this contact was merged into another: the row stays so its address still finds the
     * contact it was merged into (new mail from it joins that contact); lists leave it out.
     */
    mergedIntoId: optionalRef((): AnyPgColumn => contacts.id),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('contacts_tenant_email_key').on(t.tenantId, t.email),
    index('contacts_tenant_created_idx').on(t.tenantId, t.createdAt, t.id),
    index().on(t.organizationId),
    index().on(t.mergedIntoId),
  ],
);
