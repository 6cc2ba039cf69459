'use server';
// Mailbox setup and management from the browser: thin actions over lib/mailboxes (owners and admins only).
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { withTenant } from '@/db/tenancy';
import { defineAction } from '@/lib/auth/define-action';
import { MANAGE_ROLE } from '@/lib/auth/roles';
import { releaseIgnoredMessage } from '@/lib/cases/release-ignored-message';
import { confirmMailboxImport } from '@/lib/mailboxes/confirm-import';
import { createMailbox } from '@/lib/mailboxes/create-mailbox';
import { deleteMailbox } from '@/lib/mailboxes/delete-mailbox';
import { requestMailboxSync } from '@/lib/mailboxes/find-due-mailboxes';
import { getMailbox } from '@/lib/mailboxes/get-mailbox';
import { setMailboxState } from '@/lib/mailboxes/set-mailbox-state';
import { testMailboxSettings } from '@/lib/mailboxes/test-mailbox-settings';
import { testStoredMailbox } from '@/lib/mailboxes/test-connection';
import { updateMailbox } from '@/lib/mailboxes/update-mailbox';
import { mailboxFormFields, toMailboxInput } from './_lib/mailbox-form-input';

const listPath = (slug: string) => `/t/${slug}/settings/mailboxes`;
const mailboxRef = z.object({ mailboxId: z.string() });
const tenantAction = { auth: 'tenant', role: MANAGE_ROLE } as const;

/** Wizard: test settings that are not saved yet. */
export const testNewMailboxAction = defineAction(
  { ...tenantAction, transaction: false, schema: mailboxFormFields },
  async (input) => testMailboxSettings(toMailboxInput(input)),
);

/** Wizard: save the tested settings as a draft (nothing is fetched yet). */
export const createMailboxAction = defineAction(
  { ...tenantAction, schema: mailboxFormFields },
  async (input, { tx, tenant, actor }) => {
    const mailbox = await createMailbox(tx, { tenantId: tenant.id, input: toMailboxInput(input), actor });
    revalidatePath(listPath(tenant.slug));
    return { mailboxId: mailbox.id, state: mailbox.state };
  },
);

/** A saved draft's connection test (the count for the confirmation dialog). */
export const testStoredMailboxAction = defineAction(
  { ...tenantAction, transaction: false, schema: mailboxRef },
  async ({ mailboxId }, { tenant }) => testStoredMailbox({ tenantId: tenant.id, mailboxId }),
);

/** The owner confirmed: record the import boundary and let the runner import (progress on the mailbox page). */
export const confirmImportAction = defineAction(
  {
    ...tenantAction,
    transaction: false,
    // "Messages received after <date> become Open cases": the browser sends that day's start in its own clock.
    schema: mailboxRef.extend({
      openAfter: z.iso.datetime({ offset: true, error: 'Choose a date for recent mail.' }).optional(),
    }),
  },
  async ({ mailboxId, openAfter }, { tenant, actor }) => {
    const boundary = await confirmMailboxImport(tenant.id, mailboxId, {
      actor,
      openAfter: openAfter ? new Date(openAfter) : null,
    });
    revalidatePath(listPath(tenant.slug));
    redirect(`${listPath(tenant.slug)}/${boundary.mailboxId}`);
  },
);

export const updateMailboxAction = defineAction(
  { ...tenantAction, schema: mailboxFormFields.extend({ mailboxId: z.string() }) },
  async (input, { tx, tenant, actor }) => {
    const { mailboxId, ...fields } = input;
    const patch = toMailboxInput(fields);
    // The address is fixed after setup, and an empty password field keeps the stored one.
    delete patch.email;
    await updateMailbox(tx, { id: mailboxId, input: patch, actor });
    revalidatePath(`${listPath(tenant.slug)}/${mailboxId}`);
    return { saved: true };
  },
);

export const updateAcknowledgementAction = defineAction(
  {
    ...tenantAction,
    schema: mailboxRef.extend({ ackEnabled: z.string().optional(), ackTemplate: z.string().max(20_000).optional() }),
  },
  async (input, { tx, tenant, actor }) => {
    await updateMailbox(tx, {
      id: input.mailboxId,
      input: {
        ackEnabled: input.ackEnabled === 'on',
        ackTemplate: input.ackTemplate?.trim() ? input.ackTemplate : null,
      },
      actor,
    });
    revalidatePath(`${listPath(tenant.slug)}/${input.mailboxId}`);
    return { saved: true };
  },
);

export const setMailboxStateAction = defineAction(
  { ...tenantAction, schema: mailboxRef.extend({ to: z.enum(['paused', 'active']) }) },
  async ({ mailboxId, to }, { tx, tenant, actor }) => {
    const row = await setMailboxState(tx, { id: mailboxId, change: { to }, actor });
    revalidatePath(`${listPath(tenant.slug)}/${mailboxId}`);
    return { state: row.state };
  },
);

export const syncNowAction = defineAction(
  { ...tenantAction, transaction: false, schema: mailboxRef },
  async ({ mailboxId }, { tenant }) => {
    const row = await withTenant(tenant.id, (tx) => getMailbox(tx, mailboxId));
    await requestMailboxSync(row.id);
    revalidatePath(`${listPath(tenant.slug)}/${mailboxId}`);
    return { requested: true };
  },
);

export const deleteMailboxAction = defineAction(
  { ...tenantAction, schema: mailboxRef.extend({ confirmEmail: z.string() }) },
  async (input, { tx, tenant, actor }) => {
    await deleteMailbox(tx, { id: input.mailboxId, confirmEmail: input.confirmEmail, actor });
    revalidatePath(listPath(tenant.slug));
    redirect(listPath(tenant.slug));
  },
);

/** "Create case from this message" on an ignored or quarantined message. */
export const releaseIgnoredAction = defineAction(
  { auth: 'tenant', schema: z.object({ ignoredMessageId: z.string(), mailboxId: z.string() }) },
  async (input, { tx, tenant, actor }) => {
    const result = await releaseIgnoredMessage(tx, {
      tenantId: tenant.id,
      ignoredMessageId: input.ignoredMessageId,
      actor,
    });
    revalidatePath(`${listPath(tenant.slug)}/${input.mailboxId}`);
    return { caseNumber: result.caseNumber };
  },
);
