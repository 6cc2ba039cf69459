'use server';
// Microsoft Graph / Gmail API mailboxes from the settings: thin wrappers over lib/mailboxes/create-api-mailbox.ts
// (the wizard) and lib/mailboxes/update-api-mailbox.ts (the mailbox page's Settings).
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { appOrigin } from '@/app/_lib/app-origin';
import { defineAction } from '@/lib/auth/define-action';
import { checkboxInput } from '@/lib/boolean-text';
import { MANAGE_ROLE } from '@/lib/auth/roles';
import { AppError } from '@/lib/errors';
import { createMailbox } from '@/lib/mailboxes/create-mailbox';
import { getMailbox } from '@/lib/mailboxes/get-mailbox';
import { isApiProtocol } from '@/lib/mailboxes/open-api-source';
import { updateApiMailbox } from '@/lib/mailboxes/update-api-mailbox';
import { beginMailboxAuthorization } from '@/lib/mailboxes/oauth/begin-authorization';
import { optionalText as text, typedSecret } from '../_lib/form-text';

/** A date input's value (YYYY-MM-DD), checked by lib/; empty clears the stored date. */
const secretExpiry = z
  .string()
  .max(40)
  .optional()
  .transform((v) => v?.trim());

export type CreatedApiMailbox = { mailboxId: string; authorizationUrl: string | null };

/** Saves the mailbox as a draft; a delegated one goes on to the provider's sign-in, an app-only one to its page. */
export const createApiMailboxAction = defineAction(
  {
    auth: 'tenant',
    role: MANAGE_ROLE,
    schema: z.object({
      protocol: z.enum(['graph', 'gmail-api']),
      email: z.string().max(320),
      username: text,
      displayName: text,
      access: z.enum(['delegated', 'shared', 'app-only']).default('delegated'),
      directory: text,
      clientId: text,
      clientSecret: typedSecret,
      clientSecretExpiresAt: secretExpiry,
      folder: text,
      moveTo: text,
      keepInFolder: checkboxInput,
    }),
  },
  async (f, { tx, tenant, user, actor }): Promise<CreatedApiMailbox> => {
    const graph = f.protocol === 'graph';
    const mailbox = await createMailbox(tx, {
      tenantId: tenant.id,
      actor,
      input: {
        protocol: f.protocol,
        email: f.email,
        displayName: f.displayName ?? null,
        username: graph && f.access === 'shared' ? f.username : undefined,
        sharedMailbox: graph && f.access === 'shared',
        folder: f.folder,
        ...(f.keepInFolder && f.moveTo ? { afterProcessing: 'move', moveToFolder: f.moveTo } : {}),
        oauth: {
          clientId: f.clientId,
          clientSecret: f.clientSecret,
          clientSecretExpiresAt: f.clientSecretExpiresAt || undefined,
          ...(graph ? { tenant: f.directory, grant: f.access === 'app-only' ? 'client_credentials' : undefined } : {}),
        },
      },
    });
    revalidatePath(`/t/${tenant.slug}/settings/mailboxes`);
    if (graph && f.access === 'app-only') return { mailboxId: mailbox.id, authorizationUrl: null };
    const begun = await beginMailboxAuthorization(tx, {
      tenantId: tenant.id,
      mailboxId: mailbox.id,
      userId: user.id,
      origin: await appOrigin(),
    });
    return { mailboxId: mailbox.id, authorizationUrl: begun.authorizationUrl };
  },
);

export type SavedApiMailbox = { reauthorize: boolean };

/**
 * The mailbox page's Settings of a Graph or Gmail API mailbox. Text fields are sent as typed (an emptied folder
 * or client ID is refused, not kept); an empty client secret keeps the stored one unless the change needs it
 * again, and an empty API URL means the service's own. The secret's expiry date is sent as shown, so an emptied
 * field clears it. `reauthorize`: the change dropped a delegated grant.
 */
export const updateApiMailboxAction = defineAction(
  {
    auth: 'tenant',
    role: MANAGE_ROLE,
    schema: z.object({
      mailboxId: z.string(),
      displayName: text,
      access: z.enum(['own', 'shared']).optional(),
      username: text,
      folder: z.string().max(500).optional(),
      afterProcessing: z.enum(['delete', 'move']).optional(),
      moveToFolder: text,
      createCases: checkboxInput,
      // Checked by updateApiMailbox (readMailboxFields), whose message names the bounds.
      pollIntervalSeconds: text,
      apiBaseUrl: z.string().max(2000).optional(),
      directory: z.string().max(200).optional(),
      authority: text,
      authorizationUrl: text,
      tokenUrl: text,
      clientId: z.string().max(500).optional(),
      clientSecret: typedSecret,
      clientSecretExpiresAt: secretExpiry,
    }),
  },
  async (f, { tx, tenant, actor }): Promise<SavedApiMailbox> => {
    const current = await getMailbox(tx, f.mailboxId);
    if (!isApiProtocol(current.protocol))
      throw new AppError('conflict', 'This is not a Microsoft Graph or Gmail API mailbox: reload the page.');
    const graph = current.protocol === 'graph';
    const delegated = current.oauthGrantType !== 'client_credentials';
    const saved = await updateApiMailbox(tx, current, {
      actor,
      input: {
        displayName: f.displayName ?? null,
        // App-only access always names the mailbox; Gmail reads the signed-in account's own.
        ...(graph && delegated && f.access
          ? { sharedMailbox: f.access === 'shared', ...(f.access === 'shared' ? { username: f.username ?? '' } : {}) }
          : {}),
        folder: f.folder,
        afterProcessing: f.afterProcessing,
        moveToFolder: f.afterProcessing === 'move' ? (f.moveToFolder ?? '') : undefined,
        createCases: f.createCases,
        pollIntervalSeconds: f.pollIntervalSeconds,
        apiBaseUrl: f.apiBaseUrl,
        oauth: {
          clientId: f.clientId,
          clientSecret: f.clientSecret,
          clientSecretExpiresAt: f.clientSecretExpiresAt,
          ...(graph
            ? { tenant: f.directory, authority: f.authority }
            : { authorizationUrl: f.authorizationUrl, tokenUrl: f.tokenUrl }),
        },
      },
    });
    revalidatePath(`/t/${tenant.slug}/settings/mailboxes/${current.id}`);
    return { reauthorize: delegated && Boolean(current.oauthRefreshTokenSealed) && !saved.oauth?.authorized };
  },
);
