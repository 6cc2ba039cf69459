'use server';
// Contacts and organisations, for every member: edit a contact, merge two, create and edit organisations.
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { defineAction } from '@/lib/auth/define-action';
import { findContactByAddress } from '@/lib/contacts/get-contact';
import { mergeContacts } from '@/lib/contacts/merge-contacts';
import { createOrganization, updateOrganization } from '@/lib/contacts/organizations';
import { updateContact } from '@/lib/contacts/update-contact';
import { AppError } from '@/lib/errors';

const domainList = (text: string | undefined) =>
  (text ?? '')
    .split(/[\s,;]+/)
    .map((d) => d.trim())
    .filter(Boolean);

export const updateContactAction = defineAction(
  {
    auth: 'tenant',
    schema: z.object({ id: z.string(), name: z.string().max(300).optional(), organizationId: z.string().optional() }),
  },
  async (input, { tx, tenant, actor }) => {
    const contact = await updateContact(tx, {
      tenantId: tenant.id,
      id: input.id,
      input: { name: input.name ?? null, organizationId: input.organizationId || null },
      actor,
    });
    revalidatePath(`/t/${tenant.slug}/contacts/${contact.id}`);
    return { id: contact.id };
  },
);

export const mergeContactsAction = defineAction(
  { auth: 'tenant', schema: z.object({ id: z.string(), mergeEmail: z.string().trim().max(320) }) },
  async (input, { tx, tenant, actor }) => {
    const other = await findContactByAddress(tx, { email: input.mergeEmail });
    if (!other) {
      throw new AppError('validation', `There is no contact with the address ${input.mergeEmail}.`, {
        field: 'mergeEmail',
      });
    }
    const merged = await mergeContacts(tx, { tenantId: tenant.id, keepId: input.id, mergeId: other.id, actor });
    revalidatePath(`/t/${tenant.slug}/contacts/${merged.id}`);
    return { movedCases: merged.movedCases, merged: other.email };
  },
);

export const createOrganizationAction = defineAction(
  { auth: 'tenant', schema: z.object({ name: z.string().max(300), domains: z.string().max(10_000).optional() }) },
  async (input, { tx, tenant, actor }) => {
    const org = await createOrganization(tx, {
      tenantId: tenant.id,
      input: { name: input.name, domains: domainList(input.domains) },
      actor,
    });
    revalidatePath(`/t/${tenant.slug}/organizations`);
    return { id: org.id };
  },
);

export const updateOrganizationAction = defineAction(
  {
    auth: 'tenant',
    schema: z.object({ id: z.string(), name: z.string().max(300), domains: z.string().max(10_000).optional() }),
  },
  async (input, { tx, tenant, actor }) => {
    const org = await updateOrganization(tx, {
      tenantId: tenant.id,
      id: input.id,
      input: { name: input.name, domains: domainList(input.domains) },
      actor,
    });
    revalidatePath(`/t/${tenant.slug}/organizations/${org.id}`);
    return { id: org.id };
  },
);
