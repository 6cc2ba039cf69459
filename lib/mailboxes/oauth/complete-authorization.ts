// The way back from the provider — our callback route, or the code (or whole redirected URL) the
// owner pasted: check the state (known, unaltered, this user's, unused, not expired), spend it,
// exchange the code with its PKCE verifier, and only then store the tokens. Any failure stores nothing.
import { and, desc, eq, gt, isNull } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { mailboxes, memberships, oauthStates } from '@/db/schema';
import { withSystem, withTenant } from '@/db/tenancy';
import { recordAudit } from '@/lib/audit/record-audit';
import { hasRole, MANAGE_ROLE } from '@/lib/auth/roles';
import { open } from '@/lib/crypto/seal';
import { AppError } from '@/lib/errors';
import type { MailboxRow } from '../get-mailbox';
import { setMailboxState } from '../set-mailbox-state';
import { CODE_VERIFIER_PURPOSE, hashState } from './begin-authorization';
import { isOAuthError } from './oauth-error';
import { tokenColumns } from './store-tokens';
import { exchangeAuthorizationCode } from './token-client';

export type AuthorizationResponse = { code?: string | null; state?: string | null; error?: string | null };

export type AuthorizationRejection =
  | 'missing-state'
  | 'unknown-state'
  | 'expired-state'
  | 'used-state'
  | 'missing-code'
  | 'denied'
  | 'exchange-failed'
  | 'no-refresh-token'
  | 'not-allowed';

const rejectionMessage: Record<AuthorizationRejection, string> = {
  'missing-state':
    'The answer from the provider carries no state, so Caseflow cannot tell which request it belongs to. Start again with “Get authorization code”.',
  'unknown-state':
    'This authorization answer does not belong to a request you started (the state is unknown, altered, or was issued to someone else). Start again with “Get authorization code”.',
  'expired-state':
    'This authorization request has expired (they are valid for 10 minutes). Start again with “Get authorization code”.',
  'used-state': 'This authorization answer has already been used. Start again with “Get authorization code”.',
  'missing-code':
    'The provider’s answer carries no authorization code. Paste the whole redirected URL, or start again with “Get authorization code”.',
  denied:
    'The provider did not grant access (the sign-in was cancelled or consent was refused). Start again with “Get authorization code”.',
  'exchange-failed': 'The provider did not accept the authorization code.',
  'no-refresh-token':
    'The provider did not hand out a refresh token, so Caseflow could not keep the mailbox connected. Check that the scope asks for offline access (Microsoft: offline_access) and start again.',
  'not-allowed': 'Only owners and admins of this workspace can connect mailboxes.',
};

export class AuthorizationRejectedError extends AppError {
  constructor(
    public readonly reason: AuthorizationRejection,
    message = rejectionMessage[reason],
  ) {
    super(reason === 'not-allowed' ? 'forbidden' : 'bad_request', message, { code: reason });
    this.name = 'AuthorizationRejectedError';
  }
}

export type CompletedAuthorization = {
  tenantId: string;
  mailboxId: string;
  accountEmail: string | null;
  state: MailboxRow['state'];
};

type StateRow = typeof oauthStates.$inferSelect;

/**
 * `tenantId`/`mailboxId` are known on the paste form (tenant from the URL) and absent on the
 * callback (found from the state). Throws AuthorizationRejectedError with a message for the owner.
 */
export async function completeMailboxAuthorization(
  p: { userId: string; response: AuthorizationResponse; tenantId?: string; mailboxId?: string },
  opts: { db?: Db; now?: () => Date } = {},
): Promise<CompletedAuthorization> {
  const now = opts.now ?? (() => new Date());
  const state = p.response.state?.trim() || null;
  if (!state && !(p.tenantId && p.mailboxId)) throw new AuthorizationRejectedError('missing-state');

  let tenantId = p.tenantId;
  if (!tenantId) {
    // The state is a bearer secret: its hash finds the tenant, then the user binding is checked.
    const [found] = await withSystem(
      (tx) =>
        tx
          .select({ tenantId: oauthStates.tenantId })
          .from(oauthStates)
          .where(eq(oauthStates.stateHash, hashState(state!))),
      opts.db,
    );
    if (!found) throw new AuthorizationRejectedError('unknown-state');
    tenantId = found.tenantId;
  }
  await requireManager(p.userId, tenantId, opts.db);

  const claim = await withTenant(
    tenantId,
    (tx) => claimState(tx, { state, userId: p.userId, mailboxId: p.mailboxId, now: now() }),
    opts.db,
  );
  if ('rejected' in claim) throw new AuthorizationRejectedError(claim.rejected);
  const spent = claim.row;
  if (p.response.error) throw new AuthorizationRejectedError('denied');
  const code = p.response.code?.trim();
  if (!code) throw new AuthorizationRejectedError('missing-code');

  const mailbox = await withTenant(
    tenantId,
    async (tx) => (await tx.select().from(mailboxes).where(eq(mailboxes.id, spent.mailboxId)))[0],
    opts.db,
  );
  if (!mailbox || mailbox.authMethod !== 'oauth' || mailbox.oauthProvider !== spent.provider)
    throw new AuthorizationRejectedError('unknown-state');

  const codeVerifier = open(spent.codeVerifierSealed, { tenantId, purpose: CODE_VERIFIER_PURPOSE });
  let tokens;
  try {
    // The stored state (not the one in the request) goes to the library: it was looked up by hash.
    tokens = await exchangeAuthorizationCode(mailbox, {
      code,
      state: state ?? 'pasted-code',
      redirectUri: spent.redirectUri,
      codeVerifier,
    });
  } catch (err) {
    if (isOAuthError(err)) throw new AuthorizationRejectedError('exchange-failed', err.message);
    throw err;
  }
  if (!tokens.refreshToken) throw new AuthorizationRejectedError('no-refresh-token');

  return withTenant(
    tenantId,
    async (tx) => {
      const at = now();
      await tx
        .update(mailboxes)
        .set({
          ...tokenColumns(tenantId, tokens, at),
          oauthGrantedScopes: tokens.scope ?? mailbox.oauthScope,
          oauthAccountEmail: tokens.accountEmail,
          updatedAt: at,
        })
        .where(eq(mailboxes.id, mailbox.id));
      // Re-authorizing a mailbox that lost its grant puts it back to work where it stopped: the
      // cursor and import boundary are untouched.
      let state = mailbox.state;
      // A sign-in failure the new grant fixes resumes the mailbox as well.
      const fixedError =
        state === 'error' && ['auth', 'needs-reauth', 'oauth-client'].includes(mailbox.lastErrorCode ?? '');
      if (state === 'needs_reauth' || fixedError) {
        state = (
          await setMailboxState(tx, {
            id: mailbox.id,
            change: { to: 'active' },
            actor: { kind: 'user', userId: p.userId },
          })
        ).state;
      }
      await recordAudit(tx, {
        by: { tenantId, actor: { kind: 'user', userId: p.userId } },
        action: 'mailbox.authorized',
        target: { type: 'mailbox', id: mailbox.id },
        details: { provider: mailbox.oauthProvider, accountEmail: tokens.accountEmail, scopes: tokens.scope ?? null },
      });
      return { tenantId, mailboxId: mailbox.id, accountEmail: tokens.accountEmail, state };
    },
    opts.db,
  );
}

async function requireManager(userId: string, tenantId: string, db?: Db): Promise<void> {
  // Under the system role the tenant condition is needed: it is what makes this a membership of that workspace.
  const [m] = await withSystem(
    (tx) =>
      tx
        .select({ role: memberships.role })
        .from(memberships)
        .where(and(eq(memberships.tenantId, tenantId), eq(memberships.userId, userId))),
    db,
  );
  // A non-member learns nothing about the state: it looks unknown.
  if (!m) throw new AuthorizationRejectedError('unknown-state');
  if (!hasRole(m.role, MANAGE_ROLE)) throw new AuthorizationRejectedError('not-allowed');
}

type Claim = { row: StateRow } | { rejected: AuthorizationRejection };

/** Spends the state in one conditional UPDATE, so two concurrent uses cannot both succeed. */
async function claimState(
  tx: Parameters<Parameters<typeof withTenant>[1]>[0],
  p: { state: string | null; userId: string; mailboxId?: string; now: Date },
): Promise<Claim> {
  const [candidate] = p.state
    ? await tx
        .select()
        .from(oauthStates)
        .where(eq(oauthStates.stateHash, hashState(p.state)))
    : // A pasted bare code: the owner's latest pending request for this mailbox.
      await tx
        .select()
        .from(oauthStates)
        .where(
          and(
            eq(oauthStates.mailboxId, p.mailboxId!),
            eq(oauthStates.userId, p.userId),
            isNull(oauthStates.usedAt),
            gt(oauthStates.expiresAt, p.now),
          ),
        )
        .orderBy(desc(oauthStates.createdAt))
        .limit(1);
  if (!candidate || candidate.userId !== p.userId || (p.mailboxId && candidate.mailboxId !== p.mailboxId)) {
    return { rejected: p.state ? 'unknown-state' : 'missing-state' };
  }
  if (candidate.usedAt) return { rejected: 'used-state' };
  const [spent] = await tx
    .update(oauthStates)
    .set({ usedAt: p.now })
    .where(and(eq(oauthStates.id, candidate.id), isNull(oauthStates.usedAt)))
    .returning();
  if (!spent) return { rejected: 'used-state' };
  if (spent.expiresAt.getTime() <= p.now.getTime()) return { rejected: 'expired-state' };
  return { row: spent };
}
