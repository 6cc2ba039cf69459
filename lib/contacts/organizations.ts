// Organisations: a name and the mail domains that make a contact one of theirs. Creating one, or adding
// a domain, also puts the existing contacts of that domain without an organisation in it; removing a
// domain leaves the contacts where they are (an agent may have placed them).
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { domainToASCII } from 'node:url';
import { z } from 'zod';
import type { TenantTx } from '@/db/tenancy';
import { contacts, organizationDomains, organizations } from '@/db/schema';
import { recordAudit, type AuditActor } from '@/lib/audit/record-audit';
import { AppError } from '@/lib/errors';
import { isUuid } from '@/lib/is-uuid';
import { writeOrConflict } from '@/lib/mailboxes/unique-violation';
import { toOrganizationView, type OrganizationView } from './contact-view';

const DOMAIN = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$/;
const domainSchema = z
  .string()
  .trim()
  .toLowerCase()
  .transform((d) => domainToASCII(d.replace(/^@/, '').replace(/\.$/, '')))
  .refine((d) => DOMAIN.test(d), 'Enter a mail domain such as example.com.');

const nameSchema = z
  .string()
  .trim()
  .min(1, 'Enter the organisation’s name.')
  .max(200, 'A name is at most 200 characters.');
const domainsSchema = z
  .array(domainSchema)
  .max(100, 'At most 100 domains per organisation.')
  .transform((d) => [...new Set(d)]);

export const createOrganizationInput = z.object({ name: nameSchema, domains: domainsSchema.default([]) }).strict();
export const updateOrganizationInput = z.object({ name: nameSchema, domains: domainsSchema }).partial().strict();

export type OrganizationDetail = OrganizationView & { contactCount: number };

export async function listOrganizations(tx: TenantTx): Promise<OrganizationView[]> {
  const rows = await tx
    .select()
    .from(organizations)
    .orderBy(asc(sql`lower(${organizations.name})`), asc(organizations.id))
    .limit(1000);
  const domains = rows.length
    ? await tx
        .select()
        .from(organizationDomains)
        .where(
          inArray(
            organizationDomains.organizationId,
            rows.map((r) => r.id),
          ),
        )
    : [];
  return rows.map((r) =>
    toOrganizationView(
      r,
      domains.filter((d) => d.organizationId === r.id).map((d) => d.domain),
    ),
  );
}

export async function getOrganization(tx: TenantTx, p: { id: string }): Promise<OrganizationDetail> {
  const notFound = () => new AppError('not_found', 'There is no such organisation.');
  if (!isUuid(p.id)) throw notFound();
  const [row] = await tx.select().from(organizations).where(eq(organizations.id, p.id));
  if (!row) throw notFound();
  const domains = await tx
    .select({ domain: organizationDomains.domain })
    .from(organizationDomains)
    .where(eq(organizationDomains.organizationId, row.id));
  const [{ n }] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(contacts)
    .where(and(eq(contacts.organizationId, row.id), isNull(contacts.mergedIntoId)));
  return {
    ...toOrganizationView(
      row,
      domains.map((d) => d.domain),
    ),
    contactCount: Number(n),
  };
}

export async function createOrganization(
  tx: TenantTx,
  p: { tenantId: string; input: unknown; actor: AuditActor },
): Promise<OrganizationDetail> {
  const input = createOrganizationInput.parse(p.input ?? {});
  const id = await savepoint(tx, async (sp) => {
    const [row] = await sp
      .insert(organizations)
      .values({ tenantId: p.tenantId, name: input.name })
      .returning({ id: organizations.id });
    await setDomains(sp, p.tenantId, row.id, input.domains);
    return row.id;
  });
  await recordAudit(tx, {
    by: p,
    action: 'organization.created',
    target: { type: 'organization', id: id },
    details: { name: input.name, domains: input.domains },
  });
  return getOrganization(tx, { id });
}

export async function updateOrganization(
  tx: TenantTx,
  p: { tenantId: string; id: string; input: unknown; actor: AuditActor },
): Promise<OrganizationDetail> {
  const before = await getOrganization(tx, p);
  const patch = updateOrganizationInput.parse(p.input ?? {});
  await savepoint(tx, async (sp) => {
    if (patch.name !== undefined)
      await sp.update(organizations).set({ name: patch.name }).where(eq(organizations.id, before.id));
    if (patch.domains !== undefined) await setDomains(sp, p.tenantId, before.id, patch.domains);
  });
  await recordAudit(tx, {
    by: p,
    action: 'organization.updated',
    target: { type: 'organization', id: before.id },
    details: { before: { name: before.name, domains: before.domains }, after: patch },
  });
  return getOrganization(tx, { id: before.id });
}

/** Replaces the organisation's domains; contacts of a new domain without an organisation join it. */
async function setDomains(tx: TenantTx, tenantId: string, organizationId: string, domains: string[]) {
  const taken = domains.length
    ? await tx
        .select({ domain: organizationDomains.domain, name: organizations.name })
        .from(organizationDomains)
        .innerJoin(organizations, eq(organizations.id, organizationDomains.organizationId))
        .where(
          and(
            inArray(organizationDomains.domain, domains),
            sql`${organizationDomains.organizationId} <> ${organizationId}`,
          ),
        )
    : [];
  if (taken[0]) {
    throw new AppError('conflict', `${taken[0].domain} already belongs to the organisation “${taken[0].name}”.`, {
      field: 'domains',
    });
  }
  await tx.delete(organizationDomains).where(eq(organizationDomains.organizationId, organizationId));
  if (!domains.length) return;
  await tx.insert(organizationDomains).values(domains.map((domain) => ({ tenantId, organizationId, domain })));
  await tx
    .update(contacts)
    .set({ organizationId })
    .where(and(isNull(contacts.organizationId), inArray(sql`split_part(${contacts.email}, '@', 2)`, domains)));
}

/** Runs `fn` in a savepoint so a unique violation (a name or domain taken concurrently) is a clear 409. */
function savepoint<T>(tx: TenantTx, fn: (sp: TenantTx) => Promise<T>): Promise<T> {
  return writeOrConflict(tx, fn, {
    organizations_tenant_name_key: { message: 'An organisation with this name exists already.', field: 'name' },
    organization_domains_tenant_domain_key: {
      message: 'One of these domains belongs to another organisation.',
      field: 'domains',
    },
  });
}
