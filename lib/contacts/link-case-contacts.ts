// Links the requesters of a write batch's new cases to their contacts, set-based: one statement for the
// whole batch, whatever its size. A requester with a contact (or an address merged into one) gets that
// contact; one without gets a new contact when its case asked for it (the mailbox's "create new contact"
// option), in the organisation that owns the address's domain. Called by CaseWriteBatch.flush just
// before it inserts the cases, so ingestion and the release path both go through here.
import { sql } from 'drizzle-orm';
import type { TenantTx } from '@/db/tenancy';
import { queryRows } from '@/db/rows';
import type { cases } from '@/db/schema';
import { contactAddress } from './contact-address';

type NewCase = typeof cases.$inferInsert & { id: string };

export async function linkCaseContacts(
  tx: TenantTx,
  tenantId: string,
  newCases: NewCase[],
  createFor: Map<string, boolean>,
): Promise<void> {
  const wanted = new Map<string, { name: string | null; create: boolean }>();
  for (const c of newCases) {
    const email = contactAddress(c.requesterEmail);
    if (!email) continue;
    const before = wanted.get(email);
    wanted.set(email, {
      name: before?.name ?? (c.requesterName?.trim().slice(0, 200) || null),
      create: (before?.create ?? false) || (createFor.get(c.id) ?? false),
    });
  }
  if (!wanted.size) return;
  const values = sql.join(
    [...wanted].map(([email, w]) => sql`(${email}::text, ${w.name}::text, ${w.create}::boolean)`),
    sql`, `,
  );
  const rows = await queryRows<{ email: string; contact_id: string | null }>(
    tx,
    sql`with v(email, name, create_it) as (values ${values}),
      ins as (
        insert into contacts (tenant_id, email, name, organization_id)
        select ${tenantId}::uuid, v.email, v.name,
          (select d.organization_id from organization_domains d
            where d.tenant_id = ${tenantId}::uuid and d.domain = split_part(v.email, '@', 2))
        from v where v.create_it
        on conflict (tenant_id, email) do nothing
        returning id, email
      )
      select v.email, coalesce(c.merged_into_id, c.id, ins.id) as contact_id
      from v
      left join contacts c on c.tenant_id = ${tenantId}::uuid and c.email = v.email
      left join ins on ins.email = v.email`,
  );
  const byEmail = new Map(rows.map((r) => [r.email, r.contact_id]));
  for (const c of newCases) {
    const email = contactAddress(c.requesterEmail);
    const contactId = email ? byEmail.get(email) : undefined;
    if (contactId) c.contactId = contactId;
  }
}
