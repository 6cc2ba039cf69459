'use server';
// Microsoft Graph / Gmail API mailboxes from the settings: thin wrapper over lib/mailboxes/create-api-mailbox.ts.
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { appOrigin } from '@/app/_lib/app-origin';
import { defineAction } from '@/lib/auth/define-action';
import { checkboxInput } from '@/lib/boolean-text';
import { MANAGE_ROLE } from '@/lib/auth/roles';
import { createMailbox } from '@/lib/mailboxes/create-mailbox';
import { beginMailboxAuthorization } from '@/lib/mailboxes/oauth/begin-authorization';
import { optionalText as text, typedSecret } from '../_lib/form-text';

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
