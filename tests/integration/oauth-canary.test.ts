// No token or secret of an OAuth mailbox leaves the sealed columns (docs/architecture.md,
// invariant 5): every code, access token, refresh token and client secret the provider handed out
// is searched for in the logs, error messages, API shapes, Inngest step outputs, the audit log,
// outbox events, sync runs and the callback's rejection page — through success, refresh, a broken
// token response, revocation and a refused code.
import { InngestTestEngine } from '@inngest/test';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { auditLog, mailboxes, oauthStates, outboxEvents, syncRuns } from '@/db/schema';
import { withTenant } from '@/db/tenancy';
import { renderOAuthResultPage } from '@/app/api/oauth/mailbox/callback/result-page';
import { syncMailboxFunction } from '@/inngest/functions/sync-mailbox';
import { confirmMailboxImport } from '@/lib/mailboxes/confirm-import';
import { toPublicMailbox } from '@/lib/mailboxes/get-mailbox';
import { listMailboxes } from '@/lib/mailboxes/list-mailboxes';
import { completeMailboxAuthorization } from '@/lib/mailboxes/oauth/complete-authorization';
import { getMailboxAccessToken } from '@/lib/mailboxes/oauth/get-access-token';
import { syncMailbox } from '@/lib/mailboxes/sync-mailbox';
import { testStoredMailbox } from '@/lib/mailboxes/test-connection';
import { startTestEventApi } from '../helpers/inngest-event-api';
import { buildMail } from '../helpers/mail-builder';
import { authorizeOAuthMailbox, makeOAuthMailbox, startAndApprove } from '../helpers/oauth-provider';
import { useOAuthDovecot } from '../helpers/use-dovecot';
import { useStarted } from '../helpers/use-started';

const { provider, dovecot } = useOAuthDovecot();
const api = useStarted(startTestEventApi, (started) => started.close());

// Everything written to the console or the process's output while the scenario runs.
const logged: string[] = [];
const text = (args: unknown[]) =>
  args
    .map((a) => (a instanceof Error ? `${a.message}\n${a.stack}` : typeof a === 'string' ? a : JSON.stringify(a)))
    .join(' ');
beforeEach(() => {
  for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    const original = console[level].bind(console);
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      logged.push(text(args));
      original(...args);
    });
  }
  for (const stream of [process.stdout, process.stderr]) {
    const original = stream.write.bind(stream);
    vi.spyOn(stream, 'write').mockImplementation(((chunk: unknown, ...rest: unknown[]) => {
      logged.push(String(chunk));
      return (original as (...a: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof stream.write);
  }
});
afterEach(() => {
  vi.restoreAllMocks();
});

function errorText(err: unknown): string {
  const e = err as { message?: string; stack?: string; details?: unknown; cause?: unknown };
  return JSON.stringify({
    message: e?.message,
    stack: e?.stack,
    details: e?.details,
    cause: e?.cause === undefined ? null : String(e.cause),
    all: e,
  });
}

async function inngestRun(mailboxId: string, tenantId: string): Promise<string> {
  const run = await new InngestTestEngine({ function: syncMailboxFunction }).execute({
    events: [{ name: 'mailbox/sync.requested', data: { mailboxId, tenantId, reason: 'poll' } }],
  });
  const steps = await Promise.all(
    Object.values(run.state).map((p) =>
      p.then(
        (v) => v,
        (e: unknown) => errorText(e),
      ),
    ),
  );
  return JSON.stringify({ steps, result: run.result ?? null, error: run.error ? errorText(run.error) : null });
}

describe('OAuth secrets', () => {
  it('never appear in logs, errors, API shapes, Inngest step outputs, the audit log, events, sync runs or the callback page', async () => {
    const seen: string[] = [];
    const fx = await makeOAuthMailbox(dovecot, provider, { style: 'microsoft', protocol: 'imaps' });
    await authorizeOAuthMailbox(provider, fx);
    await dovecot.append(fx.user, [
      buildMail({ from: 'a@customer.test', to: fx.address, subject: 'Hello', text: 'x' }),
    ]);
    seen.push(JSON.stringify(await testStoredMailbox({ tenantId: fx.tenant.tenantId, mailboxId: fx.mailboxId })));
    seen.push(JSON.stringify(await confirmMailboxImport(fx.tenant.tenantId, fx.mailboxId)));
    const first = await inngestRun(fx.mailboxId, fx.tenant.tenantId);
    expect(first).toContain('"created":1'); // the serialization really holds the step output
    seen.push(first);

    // A refresh, then a provider whose token response is broken (the library's error would carry the body).
    await getMailboxAccessToken(fx.mailboxId, fx.tenant.tenantId, { now: () => new Date(Date.now() + 58 * 60_000) });
    provider.malformNextTokenResponse();
    const broken = await getMailboxAccessToken(fx.mailboxId, fx.tenant.tenantId, {
      now: () => new Date(Date.now() + 2 * 58 * 60_000),
    }).catch((e: unknown) => e);
    expect((broken as Error).message).toMatch(/OAuth provider/);
    seen.push(errorText(broken));

    // Revocation: the sync that finds out, and the Inngest run after it.
    provider.revoke(fx.address);
    await dovecot.append(fx.user, [
      buildMail({ from: 'b@customer.test', to: fx.address, subject: 'Later', text: 'y' }),
    ]);
    const revoked = await inngestRun(fx.mailboxId, fx.tenant.tenantId);
    expect(revoked).toContain('needs');
    seen.push(revoked);
    seen.push(JSON.stringify(await syncMailbox(fx.mailboxId)));
    dovecot.clearAuthPenalty();

    // A refused code (already used) and the page the callback would show for it.
    const redirected = new URL(await startAndApprove(provider, fx));
    const response = { code: redirected.searchParams.get('code'), state: redirected.searchParams.get('state') };
    await completeMailboxAuthorization({ userId: fx.tenant.ownerUserId, response });
    const refused = await completeMailboxAuthorization({ userId: fx.tenant.ownerUserId, response }).catch(
      (e: unknown) => e,
    );
    seen.push(errorText(refused), renderOAuthResultPage((refused as Error).message));

    const stored = await withTenant(fx.tenant.tenantId, async (tx) => ({
      api: (await listMailboxes(tx)).map(toPublicMailbox),
      audit: await tx.select().from(auditLog),
      events: await tx.select().from(outboxEvents),
      runs: await tx.select().from(syncRuns),
      errors: await tx.select({ lastError: mailboxes.lastError }).from(mailboxes),
      states: await tx.select().from(oauthStates),
    }));
    expect(stored.audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['mailbox.created', 'mailbox.authorized', 'mailbox.needs_reauth']),
    );
    expect(stored.events.map((e) => e.type)).toContain('mailbox.needs_reauth');
    seen.push(JSON.stringify(stored), api.bodies.join('\n'));

    const haystack = [...seen, ...logged].join('\n');
    const secrets = provider.issued();
    expect(secrets.length).toBeGreaterThan(6);
    for (const secret of secrets)
      expect(haystack, `a provider-issued secret leaked (${secret.slice(0, 6)}…)`).not.toContain(secret);
  });
});
