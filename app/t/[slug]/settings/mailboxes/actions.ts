'use server';
// Mailbox setup and management from the browser: thin actions over lib/mailboxes (owners and admins only).
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { withTenant } from '@/db/tenancy';
import { defineAction } from '@/lib/auth/define-action';
import { MANAGE_ROLE } from '@/lib/auth/roles';
import { checkboxInput } from '@/lib/boolean-text';
import { AppError } from '@/lib/errors';
import { releaseIgnoredMessage } from '@/lib/cases/release-ignored-message';
import { confirmMailboxImport } from '@/lib/mailboxes/confirm-import';
import { createMailbox } from '@/lib/mailboxes/create-mailbox';
import { deleteMailbox } from '@/lib/mailboxes/delete-mailbox';
import { requestMailboxSync } from '@/lib/mailboxes/find-due-mailboxes';
import { getMailbox } from '@/lib/mailboxes/get-mailbox';
import { addMailboxFolder } from '@/lib/mailboxes/mailbox-folders';
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

/** Wizard: save the tested settings as a draft (nothing is fetched yet), with its further folders. */
export const createMailboxAction = defineAction(
  { ...tenantAction, schema: mailboxFormFields.extend({ extraFolders: z.string().max(20_000).optional() }) },
  async ({ extraFolders, ...input }, { tx, tenant, actor }) => {
    const folders = parseFolderList(extraFolders);
    const mailbox = await createMailbox(tx, { tenantId: tenant.id, input: toMailboxInput(input), actor });
    // One transaction: a folder the server refuses leaves no half-made mailbox behind.
    for (const folder of folders)
      await addMailboxFolder(tx, { tenantId: tenant.id, mailboxId: mailbox.id, input: folder, actor });
    revalidatePath(listPath(tenant.slug));
    return { mailboxId: mailbox.id, state: mailbox.state };
  },
);

function parseFolderList(raw: string | undefined): unknown[] {
  if (!raw?.trim()) return [];
  try {
    const list: unknown = JSON.parse(raw);
    if (Array.isArray(list)) return list;
  } catch {
    // answered below
  }
  throw new AppError('validation', 'The folder list could not be read: reload the page and enter the folders again.');
}

const forwardFormFields = z.object({
  email: z.string().max(320).optional(),
  displayName: z.string().max(200).optional(),
  createCases: checkboxInput,
  ackEnabled: checkboxInput,
  smtpEnabled: checkboxInput,
  smtpHost: z.string().max(253).optional(),
  smtpPort: z.string().max(10).optional(),
  smtpSecurity: z.string().max(20).optional(),
  smtpUsername: z.string().max(320).optional(),
  smtpPassword: z.string().max(1024).optional(),
});

/** Wizard: a forwarding address (inbound SMTP); active at once, nothing to import. */
export const createForwardMailboxAction = defineAction(
  { ...tenantAction, schema: forwardFormFields },
  async (f, { tx, tenant, actor }) => {
    const blank = (v: string | undefined) => (v?.trim() ? v.trim() : undefined);
    const mailbox = await createMailbox(tx, {
      tenantId: tenant.id,
      actor,
      input: {
        protocol: 'forward',
        email: blank(f.email) ?? '',
        displayName: blank(f.displayName) ?? null,
        createCases: f.createCases,
        ackEnabled: f.ackEnabled,
        smtp: f.smtpEnabled
          ? {
              host: blank(f.smtpHost) ?? '',
              port: blank(f.smtpPort),
              security: blank(f.smtpSecurity),
              username: blank(f.smtpUsername),
              password: f.smtpPassword || undefined,
            }
          : null,
      },
    });
    revalidatePath(listPath(tenant.slug));
    return { mailboxId: mailbox.id, forwardingAddress: mailbox.forwardingAddress };
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
    schema: mailboxRef.extend({ ackEnabled: checkboxInput, ackTemplate: z.string().max(20_000).optional() }),
  },
  async (input, { tx, tenant, actor }) => {
    await updateMailbox(tx, {
      id: input.mailboxId,
      input: {
        ackEnabled: input.ackEnabled,
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
