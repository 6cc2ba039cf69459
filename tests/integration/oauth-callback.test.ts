// The way back from the provider: every state that is missing, altered,
// expired, reused or another tenant's, and a wrong PKCE verifier, is rejected in clear words and
// nothing is stored. The pasted code (or whole redirected URL) goes through the same checks.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, oauthStates } from '@/db/schema';
import { withTenant } from '@/db/tenancy';
import { seal } from '@/lib/crypto/seal';
import { CODE_VERIFIER_PURPOSE } from '@/lib/mailboxes/oauth/begin-authorization';
import {
  AuthorizationRejectedError,
  completeMailboxAuthorization,
  type AuthorizationResponse,
} from '@/lib/mailboxes/oauth/complete-authorization';
import { parseAuthorizationPaste } from '@/lib/mailboxes/oauth/parse-authorization-paste';
import { getMailboxRow } from '../helpers/mailbox-fixture';
import { makeOAuthMailbox, startAndApprove, type OAuthMailboxFixture } from '../helpers/oauth-provider';
import { rejectionOf } from '../helpers/rejection-of';
import { makeTenant } from '../helpers/tenant';
import { useOAuthDovecot } from '../helpers/use-dovecot';

const { provider, dovecot } = useOAuthDovecot();

function answer(redirected: string): AuthorizationResponse {
  const u = new URL(redirected);
  return { code: u.searchParams.get('code'), state: u.searchParams.get('state'), error: u.searchParams.get('error') };
}

async function expectNothingStored(fx: OAuthMailboxFixture) {
  const row = await getMailboxRow(fx.tenant.tenantId, fx.mailboxId);
  expect(row.oauthAccessTokenSealed).toBeNull();
  expect(row.oauthRefreshTokenSealed).toBeNull();
  expect(row.oauthGrantedScopes).toBeNull();
  const authorized = await withTenant(fx.tenant.tenantId, (tx) =>
    tx.select().from(auditLog).where(eq(auditLog.action, 'mailbox.authorized')),
  );
  expect(authorized).toHaveLength(0);
}

describe('the OAuth callback', () => {
  it('a valid answer is accepted once; the same answer again is rejected as already used', async () => {
    const fx = await makeOAuthMailbox(dovecot, provider, {});
    const back = answer(await startAndApprove(provider, fx));
    await completeMailboxAuthorization({ userId: fx.tenant.ownerUserId, response: back });
    const again = await rejectionOf(
      completeMailboxAuthorization({ userId: fx.tenant.ownerUserId, response: back }),
      AuthorizationRejectedError,
    );
    expect(again.reason).toBe('used-state');
    expect(again.message).toMatch(/already been used/);
  });

  it('a missing state is rejected and nothing is stored', async () => {
    const fx = await makeOAuthMailbox(dovecot, provider, {});
    const back = answer(await startAndApprove(provider, fx));
    const err = await rejectionOf(
      completeMailboxAuthorization({ userId: fx.tenant.ownerUserId, response: { code: back.code } }),
      AuthorizationRejectedError,
    );
    expect(err.reason).toBe('missing-state');
    expect(err.message).toMatch(/no state/);
    await expectNothingStored(fx);
  });

  it('an altered state is rejected and nothing is stored', async () => {
    const fx = await makeOAuthMailbox(dovecot, provider, {});
    const back = answer(await startAndApprove(provider, fx));
    const altered = back.state!.slice(0, -1) + (back.state!.endsWith('A') ? 'B' : 'A');
    const err = await rejectionOf(
      completeMailboxAuthorization({ userId: fx.tenant.ownerUserId, response: { ...back, state: altered } }),
      AuthorizationRejectedError,
    );
    expect(err.reason).toBe('unknown-state');
    await expectNothingStored(fx);
    // The untouched answer still works afterwards: the altered one spent nothing.
    await completeMailboxAuthorization({ userId: fx.tenant.ownerUserId, response: back });
  });

  it('an expired state (older than 10 minutes) is rejected and nothing is stored', async () => {
    const fx = await makeOAuthMailbox(dovecot, provider, {});
    const back = answer(await startAndApprove(provider, fx));
    const later = () => new Date(Date.now() + 11 * 60_000);
    const err = await rejectionOf(
      completeMailboxAuthorization({ userId: fx.tenant.ownerUserId, response: back }, { now: later }),
      AuthorizationRejectedError,
    );
    expect(err.reason).toBe('expired-state');
    expect(err.message).toMatch(/expired/);
    await expectNothingStored(fx);
  });

  it("another tenant's user cannot complete the state, neither through the callback nor by pasting it in their own workspace", async () => {
    const fx = await makeOAuthMailbox(dovecot, provider, {});
    const intruder = await makeTenant('oauth-other');
    const back = answer(await startAndApprove(provider, fx));
    const viaCallback = await rejectionOf(
      completeMailboxAuthorization({ userId: intruder.ownerUserId, response: back }),
      AuthorizationRejectedError,
    );
    expect(viaCallback.reason).toBe('unknown-state');
    const theirs = await makeOAuthMailbox(dovecot, provider, { tenant: intruder });
    const viaPaste = await rejectionOf(
      completeMailboxAuthorization({
        userId: intruder.ownerUserId,
        tenantId: intruder.tenantId,
        mailboxId: theirs.mailboxId,
        response: back,
      }),
      AuthorizationRejectedError,
    );
    expect(viaPaste.reason).toBe('unknown-state');
    await expectNothingStored(fx);
    await expectNothingStored(theirs);
  });

  it('a wrong PKCE verifier makes the provider refuse the code, and nothing is stored', async () => {
    const fx = await makeOAuthMailbox(dovecot, provider, {});
    const back = answer(await startAndApprove(provider, fx));
    await withTenant(fx.tenant.tenantId, (tx) =>
      tx
        .update(oauthStates)
        .set({
          codeVerifierSealed: seal('a-different-verifier-a-different-verifier-0123', {
            tenantId: fx.tenant.tenantId,
            purpose: CODE_VERIFIER_PURPOSE,
          }),
        })
        .where(eq(oauthStates.mailboxId, fx.mailboxId)),
    );
    const failures = provider.stats.pkceFailures;
    const err = await rejectionOf(
      completeMailboxAuthorization({ userId: fx.tenant.ownerUserId, response: back }),
      AuthorizationRejectedError,
    );
    expect(err.reason).toBe('exchange-failed');
    expect(err.message).toMatch(/did not accept the authorization code/);
    expect(provider.stats.pkceFailures).toBe(failures + 1);
    await expectNothingStored(fx);
  });

  it('a refusal at the provider (error=access_denied) is rejected in our words', async () => {
    const fx = await makeOAuthMailbox(dovecot, provider, {});
    const back = answer(await startAndApprove(provider, fx));
    const err = await rejectionOf(
      completeMailboxAuthorization({
        userId: fx.tenant.ownerUserId,
        response: { state: back.state, error: 'access_denied' },
      }),
      AuthorizationRejectedError,
    );
    expect(err.reason).toBe('denied');
    await expectNothingStored(fx);
  });

  it('the state row keeps only a hash of the state and a sealed verifier', async () => {
    const fx = await makeOAuthMailbox(dovecot, provider, {});
    const back = answer(await startAndApprove(provider, fx));
    const [row] = await withTenant(fx.tenant.tenantId, (tx) =>
      tx.select().from(oauthStates).where(eq(oauthStates.mailboxId, fx.mailboxId)),
    );
    expect(row.stateHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(back.state!);
    expect(row.codeVerifierSealed).toMatch(/^test1:/);
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBeLessThanOrEqual(10 * 60_000 + 1000);
  });
});

describe('pasting the code', () => {
  /** What the mailbox's own page sends: the pasted answer, with the tenant and mailbox it was pasted for. */
  const completeOnItsPage = (fx: OAuthMailboxFixture, response: AuthorizationResponse) =>
    completeMailboxAuthorization({
      userId: fx.tenant.ownerUserId,
      tenantId: fx.tenant.tenantId,
      mailboxId: fx.mailboxId,
      response,
    });

  it('the whole redirected URL or the bare code completes the pending authorization of that mailbox', async () => {
    const a = await makeOAuthMailbox(dovecot, provider, {});
    const redirected = await startAndApprove(provider, a);
    expect(parseAuthorizationPaste(`  ${redirected}  `)).toEqual(answer(redirected));
    await completeOnItsPage(a, parseAuthorizationPaste(redirected));
    expect((await getMailboxRow(a.tenant.tenantId, a.mailboxId)).oauthRefreshTokenSealed).not.toBeNull();

    const b = await makeOAuthMailbox(dovecot, provider, {});
    const code = answer(await startAndApprove(provider, b)).code!;
    expect(parseAuthorizationPaste(code)).toEqual({ code, state: null, error: null });
    await completeOnItsPage(b, parseAuthorizationPaste(code));
    expect((await getMailboxRow(b.tenant.tenantId, b.mailboxId)).oauthRefreshTokenSealed).not.toBeNull();
    // The pending request is spent: the same code pasted again finds none.
    const err = await rejectionOf(completeOnItsPage(b, { code }), AuthorizationRejectedError);
    expect(err.reason).toBe('missing-state');
  });
});
