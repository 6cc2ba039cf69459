// contacts list | show | merge: a tenant's contacts as JSON (output is always JSON).
import { MAX_PAGE_SIZE } from '@/lib/cases/queries/params';
import { findContactByAddress, getContact, type ContactDetail } from '@/lib/contacts/get-contact';
import { listContactCases } from '@/lib/contacts/list-contact-cases';
import { listContacts } from '@/lib/contacts/list-contacts';
import { mergeContacts } from '@/lib/contacts/merge-contacts';
import { AppError } from '@/lib/errors';
import { isUuid } from '@/lib/is-uuid';
import { collectPages } from '../collect-pages';
import { defineTenantCommand } from '../tenant-command';
import { LIMIT_FLAG, parseLimitFlag } from './list-flags';

defineTenantCommand({
  name: 'contacts list',
  summary: 'List a tenant’s contacts (newest first)',
  usage: '--tenant <slug> [--search TEXT] [--limit N (default 50)]',
  options: { search: { type: 'string' }, ...LIMIT_FLAG },
  run: async ({ values, inTenant }) => {
    const limit = parseLimitFlag(values.limit);
    return collectPages(limit, (page) => inTenant((tx) => listContacts(tx, { q: values.search, ...page })));
  },
});

defineTenantCommand({
  name: 'contacts show',
  summary: 'Show one contact (by id or address) with its cases',
  usage: '<contact id or address> --tenant <slug> [--limit N cases (default 50)]',
  options: LIMIT_FLAG,
  positionals: ['contact'],
  run: async ({ values, positionals, inTenant }) => {
    const limit = parseLimitFlag(values.limit);
    return inTenant(async (tx) => {
      const contact = await findContact(tx, positionals[0]);
      const cases = await listContactCases(tx, { contactId: contact.id }, { limit: Math.min(limit, MAX_PAGE_SIZE) });
      return { ...contact, cases: cases.items };
    });
  },
});

defineTenantCommand({
  name: 'contacts merge',
  summary: 'Merge the second contact into the first (its cases move; its address joins the first)',
  usage: '<keep: id or address> <merge: id or address> --tenant <slug>',
  positionals: ['keep', 'merge'],
  run: async ({ positionals, inTenant }) => {
    return inTenant(async (tx, tenant) => {
      const keep = await findContact(tx, positionals[0]);
      const merge = await findContact(tx, positionals[1]);
      return mergeContacts(tx, { tenantId: tenant.id, keepId: keep.id, mergeId: merge.id, actor: { kind: 'cli' } });
    });
  },
});

async function findContact(tx: Parameters<typeof getContact>[0], idOrAddress: string): Promise<ContactDetail> {
  if (isUuid(idOrAddress)) return getContact(tx, { id: idOrAddress });
  const found = await findContactByAddress(tx, { email: idOrAddress });
  if (!found) throw new AppError('not_found', `There is no contact with the address ${idOrAddress}.`);
  return found;
}
