'use server';
// OAuth mailbox actions: thin wrappers over lib/mailboxes/oauth, for owners and admins.
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import type { TenantTx } from '@/db/tenancy';
import { appOrigin } from '@/app/_lib/app-origin';
import { defineAction } from '@/lib/auth/define-action';
import { checkboxInput } from '@/lib/boolean-text';
import { MANAGE_ROLE } from '@/lib/auth/roles';
import { createMailbox } from '@/lib/mailboxes/create-mailbox';
import { beginMailboxAuthorization } from '@/lib/mailboxes/oauth/begin-authorization';
import { completeMailboxAuthorization } from '@/lib/mailboxes/oauth/complete-authorization';
import { parseAuthorizationPaste } from '@/lib/mailboxes/oauth/parse-authorization-paste';
import { defaultRedirectUri } from '@/lib/mailboxes/oauth/oauth-settings';
import { updateMailbox } from '@/lib/mailboxes/update-mailbox';
import { optionalText as text, typedSecret } from '../_lib/form-text';

const tenantAction = { auth: 'tenant', role: MANAGE_ROLE } as const;

const oauthFields = z.object({
  provider: z.string().max(20),
  clientId: text,
  clientSecret: typedSecret,
  scope: text,
  authorizationUrl: text,
  tokenUrl: text,
  redirectUri: z.string().max(2000).optional(),
  /** A date input's value (YYYY-MM-DD); empty clears it. */
  clientSecretExpiresAt: z.string().max(40).optional(),
});

type OAuthFields = z.output<typeof oauthFields>;

const toOAuthInput = (f: OAuthFields) => ({
  provider: f.provider,
  clientId: f.clientId,
  clientSecret: f.clientSecret,
  scope: f.scope,
  authorizationUrl: f.authorizationUrl,
  tokenUrl: f.tokenUrl,
  redirectUri: f.redirectUri?.trim() ?? '',
  clientSecretExpiresAt: f.clientSecretExpiresAt?.trim() ?? undefined,
});

export type StartedAuthorization = { mailboxId: string; authorizationUrl: string; external: boolean };

/** Where the owner goes next; `external` when the redirect URI is not our callback (the code is pasted back). */
async function start(
  tx: TenantTx,
  { tenantId, mailboxId, userId }: { tenantId: string; mailboxId: string; userId: string },
): Promise<StartedAuthorization> {
  const origin = await appOrigin();
  const begun = await beginMailboxAuthorization(tx, { tenantId, mailboxId, userId, origin });
  return {
    mailboxId,
    authorizationUrl: begun.authorizationUrl,
    external: begun.redirectUri !== defaultRedirectUri(origin),
  };
}

/** Wizard: save the OAuth mailbox as a draft and start its authorization. */
export const createOAuthMailboxAction = defineAction(
  {
    ...tenantAction,
    schema: oauthFields.extend({
      email: z.string().max(320),
      displayName: text,
      username: text,
      protocol: z.enum(['imaps', 'pop3s']).default('imaps'),
      host: text,
      port: text,
      tlsVerify: checkboxInput,
      afterProcessing: text,
      moveToFolder: text,
    }),
  },
  async (f, { tx, tenant, user, actor }) => {
    const mailbox = await createMailbox(tx, {
      tenantId: tenant.id,
      actor,
      input: {
        authentication: 'oauth',
        email: f.email,
        displayName: f.displayName ?? null,
        username: f.username,
        protocol: f.protocol,
        host: f.host,
        port: f.port,
        tlsVerify: f.tlsVerify,
        afterProcessing: f.afterProcessing,
        moveToFolder: f.afterProcessing === 'move' ? f.moveToFolder : undefined,
        oauth: toOAuthInput(f),
      },
    });
    const started = await start(tx, { tenantId: tenant.id, mailboxId: mailbox.id, userId: user.id });
    revalidatePath(`/t/${tenant.slug}/settings/mailboxes`);
    return started;
  },
);

/** "Get authorization code" on an existing OAuth mailbox (first time, or after needs_reauth). */
export const beginAuthorizationAction = defineAction(
  { ...tenantAction, schema: z.object({ mailboxId: z.string() }) },
  async ({ mailboxId }, { tx, tenant, user }) => start(tx, { tenantId: tenant.id, mailboxId, userId: user.id }),
);

/** The pasted code or redirected URL (desktop-style redirect URI): the callback's checks, here. */
export const pasteAuthorizationAction = defineAction(
  {
    ...tenantAction,
    transaction: false,
    schema: z.object({
      mailboxId: z.uuid({ error: 'Mailbox not found.' }),
      answer: z.string().trim().min(1, 'Paste the code or the whole URL the provider sent you to.').max(8000),
    }),
  },
  async ({ mailboxId, answer }, { tenant, user }) => {
    const done = await completeMailboxAuthorization({
      userId: user.id,
      tenantId: tenant.id,
      mailboxId,
      response: parseAuthorizationPaste(answer),
    });
    revalidatePath(`/t/${tenant.slug}/settings/mailboxes/${mailboxId}`);
    return { state: done.state, accountEmail: done.accountEmail };
  },
);

export const updateOAuthSettingsAction = defineAction(
  { ...tenantAction, schema: oauthFields.extend({ mailboxId: z.string() }) },
  async (f, { tx, tenant, actor }) => {
    await updateMailbox(tx, { id: f.mailboxId, input: { oauth: toOAuthInput(f) }, actor });
    revalidatePath(`/t/${tenant.slug}/settings/mailboxes/${f.mailboxId}`);
    return { saved: true };
  },
);
