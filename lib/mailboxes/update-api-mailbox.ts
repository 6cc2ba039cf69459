// Changes a Microsoft Graph or Gmail API mailbox's settings (PATCH /api/v1/mailboxes/:id, the mailbox page).
// Its client secret and tokens are bound to where they were entered for (invariant 10, ./secret-destination.ts):
// a new API base URL (the access token goes there), directory, authority, token/authorization URL or client id
// drops the stored client secret and grant, and the update must bring the client secret again; a delegated
// mailbox is then authorized again. A new folder starts the listing afresh (the cursor belongs to the old one).
// The client secret's expiry date follows OAuth mailboxes' rule (clientSecretExpiry): given, it is set (empty or
// null clears it); not given, a new client secret clears it and otherwise it stays.
import { z } from 'zod';
import type { TenantTx } from '@/db/tenancy';
import type { mailboxes } from '@/db/schema';
import type { AuditActor } from '@/lib/audit/record-audit';
import { booleanInput } from '@/lib/boolean-text';
import { seal } from '@/lib/crypto/seal';
import { env } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { issueList } from '@/lib/zod-issues';
import {
  apiOAuthFields,
  GRAPH_RESOURCE,
  graphDelegatedScope,
  graphDirectoryEndpoints,
  graphDirectoryOf,
} from './create-api-mailbox';
import { toPublicMailbox, type MailboxRow, type PublicMailbox } from './get-mailbox';
import { failMailboxValidation, readMailboxFields } from './mailbox-option-fields';
import { CLIENT_SECRET_PURPOSE } from './oauth/create-oauth-mailbox';
import { clientSecretExpiry, endpointUrlProblem } from './oauth/oauth-settings';
import { clearedTokenColumns } from './oauth/store-tokens';
import { apiBaseUrlOf } from './open-api-source';
import { saveMailboxUpdate } from './save-mailbox-update';
import { reenterClientSecretMessage } from './secret-destination';

const flag = (what: string) => booleanInput(`${what} must be true or false.`);

const updateInput = z.object({
  protocol: z.string().optional(),
  email: z.string().optional(),
  displayName: z.string().trim().max(200).nullish(),
  username: z.string().trim().min(1, 'Enter who signs in.').max(320).optional(),
  sharedMailbox: flag('“Shared mailbox”').optional(),
  folder: z.string().trim().min(1, 'Enter the folder (Graph) or label (Gmail).').max(500).optional(),
  ...readMailboxFields,
  /** Empty or null: GRAPH_API_URL / GMAIL_API_URL. */
  apiBaseUrl: z.string().trim().max(2000).nullish(),
  oauth: z
    .object({
      clientId: z.string().trim().min(1, 'Enter the client ID.').max(500).optional(),
      ...apiOAuthFields,
    })
    .optional(),
});

/** `tx` must be the tenant's transaction; `current` one of its Graph / Gmail API mailboxes. */
export async function updateApiMailbox(
  tx: TenantTx,
  current: MailboxRow,
  params: { input: unknown; actor: AuditActor },
): Promise<PublicMailbox> {
  const parsed = updateInput.safeParse(params.input ?? {});
  if (!parsed.success) failMailboxValidation(issueList(parsed.error));
  const d = parsed.data;
  const graph = current.protocol === 'graph';
  const appOnly = current.oauthGrantType === 'client_credentials';
  if (d.protocol !== undefined && d.protocol !== current.protocol)
    failMailboxValidation([
      { path: 'protocol', message: 'The protocol of an API mailbox cannot change; add another mailbox.' },
    ]);
  if (d.email !== undefined && d.email.trim().toLowerCase() !== current.email.toLowerCase())
    throw new AppError(
      'conflict',
      'The address of a connected mailbox cannot change. Add the new address as another mailbox.',
      { field: 'email' },
    );

  const patch: Partial<typeof mailboxes.$inferInsert> = {};
  if (d.displayName !== undefined) patch.displayName = d.displayName || null;
  if (d.username !== undefined) patch.username = d.username;
  if (d.createCases !== undefined) patch.createCases = d.createCases;
  if (d.ackEnabled !== undefined) patch.ackEnabled = d.ackEnabled;
  if (d.maxMessageBytes !== undefined) patch.maxMessageBytes = d.maxMessageBytes;
  if (d.pollIntervalSeconds !== undefined) patch.pollIntervalSeconds = d.pollIntervalSeconds;

  const folder = d.folder ?? current.folder;
  if (folder !== current.folder) {
    if (current.state === 'importing')
      throw new AppError(
        'conflict',
        'The folder cannot change while the import is running. Pause the mailbox or wait for the import to finish.',
        { field: 'folder' },
      );
    Object.assign(patch, { folder, syncCursor: null });
  }
  const afterProcessing = d.afterProcessing ?? current.afterProcessing;
  const moveToFolder =
    afterProcessing === 'move' ? (d.moveToFolder === undefined ? current.moveToFolder : d.moveToFolder || null) : null;
  if (afterProcessing === 'move' && !moveToFolder)
    failMailboxValidation([
      { path: 'moveToFolder', message: 'Enter the folder (Graph) or label (Gmail) to move processed messages to.' },
    ]);
  Object.assign(patch, { afterProcessing, moveToFolder });

  // Whose mailbox the calls address. App-only access has no signed-in user, so it always names the mailbox.
  const shared = d.sharedMailbox ?? current.apiUser !== null;
  if (!graph && shared)
    failMailboxValidation([{ path: 'sharedMailbox', message: 'Shared mailboxes are for Microsoft Graph.' }]);
  if (appOnly && !shared)
    failMailboxValidation([{ path: 'sharedMailbox', message: 'App-only access always names the mailbox it reads.' }]);
  patch.apiUser = shared ? current.email : null;

  // Where the secret, the code, the refresh token and the access token go.
  const apiBaseUrl = d.apiBaseUrl === undefined ? current.apiBaseUrl : d.apiBaseUrl || null;
  const baseUrl = apiBaseUrlOf({ protocol: current.protocol, apiBaseUrl });
  const baseProblem = endpointUrlProblem(baseUrl, 'API URL');
  if (baseProblem) failMailboxValidation([{ path: 'apiBaseUrl', message: baseProblem }]);
  const api = new URL(baseUrl);
  Object.assign(patch, {
    apiBaseUrl,
    host: api.hostname,
    port: api.port ? Number(api.port) : api.protocol === 'https:' ? 443 : 80,
  });

  const o = d.oauth ?? {};
  let authUrl = current.oauthAuthUrl ?? '';
  let tokenUrl = current.oauthTokenUrl ?? '';
  if (graph && (o.tenant !== undefined || o.authority !== undefined)) {
    const stored = graphDirectoryOf(tokenUrl);
    ({ authUrl, tokenUrl } = graphDirectoryEndpoints(
      o.authority || (stored?.authority ?? env.MICROSOFT_AUTHORITY_URL),
      o.tenant ?? stored?.directory ?? '',
    ));
  } else if (!graph) {
    authUrl = o.authorizationUrl || authUrl;
    tokenUrl = o.tokenUrl || tokenUrl;
  }
  for (const [path, url, what] of [
    ['oauth.authorizationUrl', authUrl, 'Authorization URL'],
    ['oauth.tokenUrl', tokenUrl, 'Token URL'],
  ] as const) {
    const problem = endpointUrlProblem(url, what);
    if (problem) failMailboxValidation([{ path: graph ? 'oauth.authority' : path, message: problem }]);
  }
  const clientId = o.clientId ?? current.oauthClientId ?? '';
  const scope = graph && !appOnly ? graphDelegatedScope(shared) : (current.oauthScope ?? `${GRAPH_RESOURCE}/.default`);
  Object.assign(patch, { oauthAuthUrl: authUrl, oauthTokenUrl: tokenUrl, oauthClientId: clientId, oauthScope: scope });

  const moved =
    apiBaseUrl !== current.apiBaseUrl ||
    authUrl !== current.oauthAuthUrl ||
    tokenUrl !== current.oauthTokenUrl ||
    clientId !== current.oauthClientId;
  const changed: string[] = [];
  if (moved) {
    // Nothing stored travels to the new destination: the secret comes again, the grant is made again.
    if ((current.oauthClientSecretSealed || appOnly) && !o.clientSecret)
      failMailboxValidation([{ path: 'oauth.clientSecret', message: reenterClientSecretMessage }]);
    Object.assign(patch, clearedTokenColumns(), { oauthClientSecretSealed: null });
  } else if (scope !== current.oauthScope) {
    // Another mailbox (own ↔ shared) needs other permissions: the grant is asked for again, same endpoints.
    Object.assign(patch, clearedTokenColumns());
  }
  if (o.clientSecret) {
    patch.oauthClientSecretSealed = seal(o.clientSecret, {
      tenantId: current.tenantId,
      purpose: CLIENT_SECRET_PURPOSE,
    });
    changed.push('oauthClientSecret');
  }
  patch.oauthClientSecretExpiresAt = clientSecretExpiry(
    o.clientSecretExpiresAt,
    o.clientSecret,
    current.oauthClientSecretExpiresAt,
  );

  // Field names only: the audit log never holds a secret.
  for (const [k, v] of Object.entries(patch)) {
    if (k.endsWith('Sealed') || changed.includes(k)) continue;
    if (!sameValue((current as Record<string, unknown>)[k], v)) changed.push(k);
  }
  const row = await saveMailboxUpdate(tx, {
    current,
    patch: { ...patch, updatedAt: new Date() },
    changed,
    actor: params.actor,
  });
  return toPublicMailbox(row);
}

/** Equal values; two dates by their time (the stored and the entered expiry are different objects). */
const sameValue = (a: unknown, b: unknown) =>
  a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : a === b;
