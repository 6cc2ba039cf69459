// A usable access token for an OAuth mailbox, for every connection (sync, IDLE, connection test).
// A token that expires within 5 minutes is refreshed under a per-mailbox lock, so that several
// workers never refresh at once: with Microsoft's rotating refresh tokens the loser of such a race
// would present a refresh token that was just replaced and be told invalid_grant.
import { eq, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { mailboxes } from '@/db/schema';
import { withTenant, type TenantTx } from '@/db/tenancy';
import { enqueueEvent } from '@/lib/outbox/enqueue-event';
import { GOOGLE_TESTING_LIFETIME_DAYS } from '../credential-health';
import { setMailboxState } from '../set-mailbox-state';
import { OAuthError, oauthFailureMessage } from './oauth-error';
import { clearedTokenColumns, openAccessToken, openRefreshToken, tokenColumns } from './store-tokens';
import { refreshAccessToken, requestAppAccessToken } from './token-client';

export const REFRESH_MARGIN_MS = 5 * 60_000;

export type AccessTokenOptions = {
  /** Injected clock (tests simulate weeks of hourly expiry). */
  now?: () => Date;
  db?: Db;
  /** A token the mail server just refused: refresh even though it has time left (unless another worker already did). */
  rejected?: string;
};

function fresh(expiresAt: Date | null, now: Date): boolean {
  return expiresAt !== null && expiresAt.getTime() - now.getTime() > REFRESH_MARGIN_MS;
}

/** Throws OAuthError: needs-reauth (mailbox moved to needs_reauth), oauth-client, oauth-provider, private-address. */
export async function getMailboxAccessToken(
  mailboxId: string,
  tenantId: string,
  opts: AccessTokenOptions = {},
): Promise<string> {
  const clock = opts.now ?? (() => new Date());
  // Fast path without a lock: most connections find a token with time left.
  const [current] = await withTenant(
    tenantId,
    (tx) =>
      tx
        .select({
          tenantId: mailboxes.tenantId,
          sealed: mailboxes.oauthAccessTokenSealed,
          expiresAt: mailboxes.oauthAccessTokenExpiresAt,
        })
        .from(mailboxes)
        .where(eq(mailboxes.id, mailboxId)),
    opts.db,
  );
  if (!current) throw new OAuthError('needs-reauth', 'Mailbox not found.');
  if (current.sealed && fresh(current.expiresAt, clock())) {
    const token = openAccessToken({ tenantId, oauthAccessTokenSealed: current.sealed })!;
    if (token !== opts.rejected) return token;
  }

  const outcome = await withTenant(tenantId, (tx) => refreshLocked(tx, mailboxId, clock, opts.rejected), opts.db);
  if ('token' in outcome) return outcome.token;
  throw outcome.error;
}

type Outcome = { token: string } | { error: OAuthError };

async function refreshLocked(
  tx: TenantTx,
  mailboxId: string,
  clock: () => Date,
  rejected: string | undefined,
): Promise<Outcome> {
  // Transaction-scoped advisory lock: held until commit, so the new tokens are visible to the next
  // holder, and it does not block the row's other writers (lease renewals) during the HTTP call.
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`caseflow:oauth-refresh:${mailboxId}`}, 0))`);
  const [row] = await tx.select().from(mailboxes).where(eq(mailboxes.id, mailboxId));
  if (!row) return { error: new OAuthError('needs-reauth', 'Mailbox not found.') };
  if (row.authMethod !== 'oauth') return { error: new OAuthError('oauth-client', 'This mailbox does not use OAuth.') };
  // Another worker may have refreshed while this one waited for the lock.
  if (row.oauthAccessTokenSealed && fresh(row.oauthAccessTokenExpiresAt, clock())) {
    const token = openAccessToken(row)!;
    if (token !== rejected) return { token };
  }

  if (row.oauthGrantType === 'client_credentials') {
    // App-only access: no refresh token, a new token for the client secret (an error leaves the mailbox to the sync).
    try {
      const tokens = await requestAppAccessToken(row);
      await tx
        .update(mailboxes)
        .set(tokenColumns(row.tenantId, tokens, clock()))
        .where(eq(mailboxes.id, row.id));
      return { token: tokens.accessToken };
    } catch (err) {
      if (err instanceof OAuthError) return { error: err };
      throw err;
    }
  }
  const refreshToken = openRefreshToken(row);
  if (!refreshToken) {
    const error = new OAuthError(
      'needs-reauth',
      'This mailbox has not been authorized yet, or its authorization was withdrawn: use “Get authorization code”.',
    );
    await markNeedsReauth(tx, row, error, false);
    return { error };
  }
  try {
    const tokens = await refreshAccessToken(row, refreshToken);
    const at = clock();
    // One statement: the new access token and (when rotated) the new refresh token land together,
    // with the last use that Microsoft's 90-day inactivity counts from.
    await tx
      .update(mailboxes)
      .set({
        ...tokenColumns(row.tenantId, tokens, at),
        oauthRefreshTokenUsedAt: at,
        // A refresh token that outlived Google's Testing limit: the app was published meanwhile.
        ...(row.oauthTestingApp && outlivedTestingLimit(row.oauthRefreshTokenIssuedAt, at)
          ? { oauthTestingApp: false }
          : {}),
      })
      .where(eq(mailboxes.id, row.id));
    return { token: tokens.accessToken };
  } catch (err) {
    if (!(err instanceof OAuthError)) throw err;
    if (err.reason !== 'needs-reauth') return { error: err };
    const testing = looksLikeTestingApp(row, clock());
    const error = testing
      ? new OAuthError(
          'needs-reauth',
          `${err.message} It was refused ${GOOGLE_TESTING_LIFETIME_DAYS} days after it was issued, as Google does for apps in “Testing”: Caseflow will warn before the next authorization expires.`,
        )
      : err;
    if (testing) await tx.update(mailboxes).set({ oauthTestingApp: true }).where(eq(mailboxes.id, row.id));
    await markNeedsReauth(tx, row, error, true);
    return { error };
  }
}

const DAY_MS = 24 * 3600_000;

/** Google's "Testing" apps: a refresh token refused with invalid_grant about 7 days after it was issued. */
function looksLikeTestingApp(row: typeof mailboxes.$inferSelect, now: Date): boolean {
  if (row.oauthProvider !== 'google' || !row.oauthRefreshTokenIssuedAt) return false;
  const age = (now.getTime() - row.oauthRefreshTokenIssuedAt.getTime()) / DAY_MS;
  return age >= GOOGLE_TESTING_LIFETIME_DAYS - 0.5 && age < GOOGLE_TESTING_LIFETIME_DAYS + 1;
}

function outlivedTestingLimit(issuedAt: Date | null, now: Date): boolean {
  return issuedAt !== null && now.getTime() - issuedAt.getTime() > (GOOGLE_TESTING_LIFETIME_DAYS + 1) * DAY_MS;
}

/**
 * The grant is dead: forget the tokens (so later attempts do not hammer the provider), move the
 * mailbox to needs_reauth, and tell the owner through the audit log and a `mailbox.needs_reauth` event.
 */
async function markNeedsReauth(
  tx: TenantTx,
  row: typeof mailboxes.$inferSelect,
  err: OAuthError,
  clearTokens: boolean,
) {
  if (clearTokens)
    await tx
      .update(mailboxes)
      .set({ ...clearedTokenColumns(), oauthAccountEmail: row.oauthAccountEmail })
      .where(eq(mailboxes.id, row.id));
  // A draft has nothing running yet: its connection test shows the error, no state to change.
  if (row.state === 'draft' || row.state === 'needs_reauth') return;
  const error = { code: 'needs-reauth', message: err.message || oauthFailureMessage['needs-reauth'] };
  await setMailboxState(tx, { id: row.id, change: { to: 'needs_reauth', error }, actor: { kind: 'system' } });
  await enqueueEvent(tx, row.tenantId, 'mailbox.needs_reauth', {
    mailboxId: row.id,
    email: row.email,
    code: error.code,
    message: error.message,
    error,
  });
}
