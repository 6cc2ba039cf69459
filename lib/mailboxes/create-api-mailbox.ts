// Adds a mail-API mailbox as a draft: Microsoft Graph (delegated sign-in, or app-only with a client secret;
// the user's own mailbox or a shared one) or the Gmail API (sign-in with gmail.modify). Delegated mailboxes
// are authorized next ("Get authorization code"); an app-only one can be tested at once.
//
// The client secret's expiry date (oauth.clientSecretExpiresAt, as for OAuth mailboxes) drives the expiry warnings.
//
//   POST /api/v1/mailboxes { protocol: 'graph', email, sharedMailbox?, oauth: { grant?, tenant, clientId, clientSecret?, clientSecretExpiresAt?, authority? } }
//   POST /api/v1/mailboxes { protocol: 'gmail-api', email, oauth: { clientId, clientSecret?, clientSecretExpiresAt?, authorizationUrl?, tokenUrl? } }
import { z } from 'zod';
import type { TenantTx } from '@/db/tenancy';
import type { AuditActor } from '@/lib/audit/record-audit';
import { booleanInput } from '@/lib/boolean-text';
import { seal } from '@/lib/crypto/seal';
import { env } from '@/lib/env';
import { emailSchema } from '@/lib/tenants/schemas';
import { issueList } from '@/lib/zod-issues';
import type { PublicMailbox } from './get-mailbox';
import { insertDraftMailbox } from './insert-draft-mailbox';
import { failMailboxValidation, readMailboxFields } from './mailbox-option-fields';
import { DEFAULT_MAX_MESSAGE_BYTES, DEFAULT_POLL_INTERVAL_SECONDS } from './mailbox-settings-schema';
import { CLIENT_SECRET_PURPOSE } from './oauth/create-oauth-mailbox';
import {
  clientSecretExpiryInput,
  endpointUrlProblem,
  oauthColumns,
  resolveOAuthSettings,
} from './oauth/oauth-settings';

export const GRAPH_RESOURCE = 'https://graph.microsoft.com';
export const GMAIL_MODIFY_SCOPE = 'https://www.googleapis.com/auth/gmail.modify';

/** Delegated Graph scopes: the user's own mailbox, or (`shared`) another mailbox the user has rights to. */
export function graphDelegatedScope(shared: boolean): string {
  const s = shared ? '.Shared' : '';
  return `offline_access ${GRAPH_RESOURCE}/Mail.ReadWrite${s} ${GRAPH_RESOURCE}/Mail.Send${s}`;
}

// Directory names that pick no single directory: fine for a sign-in page, never for app-only tokens or refresh.
const MULTI_TENANT = ['common', 'organizations', 'consumers'];

/** A Graph mailbox's sign-in and token endpoints: one directory's own, at `authority`. Throws validation otherwise. */
export function graphDirectoryEndpoints(authority: string, tenant: string): { authUrl: string; tokenUrl: string } {
  if (!/^[A-Za-z0-9.-]{1,200}$/.test(tenant) || MULTI_TENANT.includes(tenant.toLowerCase()))
    failMailboxValidation([
      {
        path: 'oauth.tenant',
        message:
          'Enter the directory (tenant) ID or its domain, e.g. contoso.onmicrosoft.com: tokens are renewed at the directory’s own endpoint, never at “common”.',
      },
    ]);
  const base = `${authority.replace(/\/+$/, '')}/${tenant}/oauth2/v2.0`;
  return { authUrl: `${base}/authorize`, tokenUrl: `${base}/token` };
}

/** The authority and directory a Graph token URL was built from (graphDirectoryEndpoints), or null. */
export function graphDirectoryOf(tokenUrl: string): { authority: string; directory: string } | null {
  const m = /\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(tokenUrl);
  return m ? { authority: tokenUrl.slice(0, m.index), directory: m[1] } : null;
}

const flag = (what: string) => booleanInput(`${what} must be true or false.`);

/** The client secret and where tokens come from: what creating and changing an API mailbox both take. */
export const apiOAuthFields = {
  clientSecret: z.string().max(2000).optional(),
  clientSecretExpiresAt: clientSecretExpiryInput,
  tenant: z.string().trim().max(200).optional(),
  authority: z.string().trim().max(2000).optional(),
  authorizationUrl: z.string().trim().max(2000).optional(),
  tokenUrl: z.string().trim().max(2000).optional(),
};

const apiMailboxInput = z.object({
  protocol: z.enum(['graph', 'gmail-api']),
  email: emailSchema,
  /** Graph delegated: the account that signs in, when it is not `email` (a shared mailbox). */
  username: z.string().trim().max(320).optional(),
  displayName: z.string().trim().max(200).nullish(),
  sharedMailbox: flag('“Shared mailbox”').optional(),
  folder: z.string().trim().min(1).max(500).optional(),
  ...readMailboxFields,
  apiBaseUrl: z.string().trim().max(2000).optional(),
  oauth: z.object(
    {
      grant: z.enum(['authorization_code', 'client_credentials']).optional(),
      clientId: z.string({ error: 'Enter the client ID.' }).trim().min(1, 'Enter the client ID.').max(500),
      ...apiOAuthFields,
      scope: z.string().trim().max(2000).optional(),
      redirectUri: z.string().trim().max(2000).optional(),
    },
    { error: 'Enter the OAuth settings (oauth.clientId, and for Graph oauth.tenant).' },
  ),
});

export function wantsApiMailbox(input: unknown): boolean {
  const p = typeof input === 'object' && input !== null ? (input as { protocol?: unknown }).protocol : undefined;
  return p === 'graph' || p === 'gmail-api';
}

/** `tx` must be the tenant's transaction (withTenant). Throws AppError validation | conflict. */
export async function createApiMailbox(
  tx: TenantTx,
  params: { tenantId: string; input: unknown; actor: AuditActor },
): Promise<PublicMailbox> {
  const parsed = apiMailboxInput.safeParse(params.input);
  if (!parsed.success) failMailboxValidation(issueList(parsed.error));
  const d = parsed.data;
  const graph = d.protocol === 'graph';
  const appOnly = graph && d.oauth.grant === 'client_credentials';
  if (!graph && d.oauth.grant === 'client_credentials')
    failMailboxValidation([
      { path: 'oauth.grant', message: 'App-only access (client credentials) is for Microsoft Graph mailboxes.' },
    ]);
  if (appOnly && !d.oauth.clientSecret)
    failMailboxValidation([{ path: 'oauth.clientSecret', message: 'App-only access needs the app’s client secret.' }]);
  if (d.afterProcessing === 'move' && !d.moveToFolder)
    failMailboxValidation([
      { path: 'moveToFolder', message: 'Enter the folder (Graph) or label (Gmail) to move processed messages to.' },
    ]);

  const baseUrl = d.apiBaseUrl || (graph ? env.GRAPH_API_URL : env.GMAIL_API_URL);
  const baseProblem = endpointUrlProblem(baseUrl, 'API URL');
  if (baseProblem) failMailboxValidation([{ path: 'apiBaseUrl', message: baseProblem }]);
  const api = new URL(baseUrl);

  let oauthInput: Record<string, unknown>;
  if (graph) {
    const { authUrl, tokenUrl } = graphDirectoryEndpoints(
      d.oauth.authority || env.MICROSOFT_AUTHORITY_URL,
      d.oauth.tenant ?? '',
    );
    oauthInput = {
      provider: 'microsoft',
      clientId: d.oauth.clientId,
      clientSecret: d.oauth.clientSecret,
      clientSecretExpiresAt: d.oauth.clientSecretExpiresAt,
      authorizationUrl: authUrl,
      tokenUrl,
      scope: d.oauth.scope || (appOnly ? `${GRAPH_RESOURCE}/.default` : graphDelegatedScope(Boolean(d.sharedMailbox))),
      redirectUri: d.oauth.redirectUri,
    };
  } else {
    oauthInput = {
      provider: 'google',
      clientId: d.oauth.clientId,
      clientSecret: d.oauth.clientSecret,
      clientSecretExpiresAt: d.oauth.clientSecretExpiresAt,
      authorizationUrl: d.oauth.authorizationUrl,
      tokenUrl: d.oauth.tokenUrl,
      scope: d.oauth.scope || GMAIL_MODIFY_SCOPE,
      redirectUri: d.oauth.redirectUri,
    };
  }
  const { settings: o, clientSecret } = resolveOAuthSettings(oauthInput);
  const { tenantId, actor } = params;
  const shared = graph && (appOnly || Boolean(d.sharedMailbox));

  return insertDraftMailbox(tx, {
    tenantId,
    actor,
    values: {
      email: d.email,
      displayName: d.displayName ?? null,
      // Who signs in (the login hint); for a shared mailbox a member of it.
      username: d.username || d.email,
      authMethod: 'oauth',
      passwordSealed: null,
      protocol: d.protocol,
      host: api.hostname,
      port: api.port ? Number(api.port) : api.protocol === 'https:' ? 443 : 80,
      apiBaseUrl: d.apiBaseUrl || null,
      apiUser: shared ? d.email : null,
      folder: d.folder ?? 'INBOX',
      afterProcessing: d.afterProcessing ?? 'delete',
      moveToFolder: d.afterProcessing === 'move' ? (d.moveToFolder ?? null) : null,
      createCases: d.createCases ?? true,
      ackEnabled: d.ackEnabled ?? true,
      maxMessageBytes: d.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES,
      pollIntervalSeconds: d.pollIntervalSeconds ?? DEFAULT_POLL_INTERVAL_SECONDS,
      // Acknowledgements and replies go out through the API (lib/mail/send/mailbox-transport.ts).
      smtpHost: null,
      smtpSameAsIncoming: false,
      ...oauthColumns(o),
      oauthGrantType: appOnly ? 'client_credentials' : null,
      oauthClientSecretSealed: clientSecret ? seal(clientSecret, { tenantId, purpose: CLIENT_SECRET_PURPOSE }) : null,
    },
    auditDetails: { authentication: appOnly ? 'app-only' : 'oauth', provider: o.provider, shared },
  });
}
