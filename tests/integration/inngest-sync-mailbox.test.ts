// The Inngest mailbox sync against a real Dovecot: counts only in what Inngest keeps, authentication
// failures stop at once, other failures retry.
import { randomBytes } from 'node:crypto';
import { InngestTestEngine } from '@inngest/test';
import { eq } from 'drizzle-orm';
import { NonRetriableError } from 'inngest';
import { StepOpCode } from 'inngest/types';
import { describe, expect, it } from 'vitest';
import { cases } from '@/db/schema';
import { withTenant } from '@/db/tenancy';
import { seal } from '@/lib/crypto/seal';
import { syncMailboxFunction } from '@/inngest/functions/sync-mailbox';
import { freePort } from '../helpers/free-port';
import { startTestEventApi } from '../helpers/inngest-event-api';
import { buildMail } from '../helpers/mail-builder';
import { getMailboxRow, makeMailbox } from '../helpers/mailbox-fixture';
import { makeTenant } from '../helpers/tenant';
import { useDovecot } from '../helpers/use-dovecot';
import { useStarted } from '../helpers/use-started';

const dovecot = useDovecot();
const api = useStarted(startTestEventApi, (started) => started.close());

const canary = (label: string) => `canary-${label}-${randomBytes(8).toString('hex')}`;

function syncEvent(mailboxId: string, tenantId: string) {
  return { name: 'mailbox/sync.requested', data: { mailboxId, tenantId, reason: 'poll' } };
}

/** Everything a run leaves with Inngest: each step's output (or error), the result, the error, the events it sent. */
async function everythingInngestKeeps(
  run: { state: Record<string, Promise<unknown>>; result?: unknown; error?: unknown },
  sentBodies: string[],
) {
  const steps = await Promise.all(
    Object.entries(run.state).map(async ([id, p]) => [
      id,
      await p.then(
        (v) => v,
        (e: unknown) => ({ rejected: String(e), ...(e as object) }),
      ),
    ]),
  );
  const err = run.error as { name?: string; message?: string; stack?: string } | undefined;
  return JSON.stringify({
    steps,
    result: run.result,
    error: err && { name: err.name, message: err.message, stack: err.stack },
    sentBodies,
  });
}

describe('the Inngest mailbox sync', () => {
  it('syncs a mailbox and keeps only counts: neither the password nor a message body reaches a step output, the result or a sent event', async () => {
    const password = canary('password');
    const body = canary('body');
    const subject = canary('subject');
    const fx = await makeMailbox(
      dovecot,
      { protocol: 'imap', starttls: 'off' },
      { state: 'active' },
      await makeTenant('inngest-sync'),
      { password },
    );
    const { tenant, user, address } = fx;
    const row = { id: fx.mailboxId };
    await dovecot.append(user, [
      buildMail({ from: 'customer@example.org', to: address, subject, text: `Hello,\n${body}\nThanks` }),
      buildMail({ from: 'other@example.org', to: address, subject: 'Second question', text: `Also ${body}` }),
    ]);

    const sentBefore = api.bodies.length;
    const run = await new InngestTestEngine({ function: syncMailboxFunction }).execute({
      events: [syncEvent(row.id, tenant.tenantId)],
    });
    expect(run.error).toBeUndefined();
    expect(run.result).toMatchObject({
      mailboxId: row.id,
      state: 'active',
      fetched: 2,
      created: 2,
      deleted: 2,
      errorCode: null,
    });
    expect(await dovecot.count(user)).toBe(0);
    const stored = await withTenant(tenant.tenantId, (tx) =>
      tx.select().from(cases).where(eq(cases.mailboxId, row.id)),
    );
    expect(stored.map((c) => c.subject).sort()).toEqual([subject, 'Second question'].sort());

    // The sync asked for its outbox rows to go out now, for its tenant only.
    const sent = api.bodies.slice(sentBefore);
    expect(sent.join('\n')).toContain('"outbox/dispatch.requested"');
    expect(sent.join('\n')).toContain(tenant.tenantId);

    const kept = await everythingInngestKeeps(run, sent);
    expect(kept).toContain('"fetched":2'); // the serialization really holds the step output
    expect(kept).not.toContain(password);
    expect(kept).not.toContain(body);
    expect(kept).not.toContain(subject);
    expect(kept).not.toContain('customer@example.org');
  });

  it('a wrong password ends the run as non-retriable; the mailbox is in error with the reason its owner sees', async () => {
    const tenant = await makeTenant('inngest-auth');
    const wrong = canary('wrong-password');
    const fx = await makeMailbox(
      dovecot,
      { protocol: 'imap', starttls: 'off' },
      { state: 'active', passwordSealed: seal(wrong, { tenantId: tenant.tenantId, purpose: 'mailbox.password' }) },
      tenant,
    );
    await dovecot.append(fx.user, [buildMail({ from: 'a@example.org', to: fx.address, subject: 'Kept', text: 'x' })]);
    // A fresh engine per run: one engine memoizes step outputs across its runs (see inngest-outbox.test.ts).
    const run = await new InngestTestEngine({ function: syncMailboxFunction }).execute({
      events: [syncEvent(fx.mailboxId, fx.tenant.tenantId)],
    });
    // @inngest/test hands back the error as the SDK serialized it (a plain object), so match on its name.
    expect(run.error).toMatchObject({ name: NonRetriableError.name, message: expect.stringMatching(/credentials/) });
    // execute() drops the engine's retriability verdict; the raw checkpoint has it (executeAndWaitFor is
    // public in @inngest/test's JavaScript, protected in its types).
    const raw = await new InngestTestEngine({ function: syncMailboxFunction })['executeAndWaitFor'](
      'function-rejected',
      {
        events: [syncEvent(fx.mailboxId, fx.tenant.tenantId)],
      },
    );
    expect(raw.result).toMatchObject({ type: 'function-rejected', retriable: false });

    const mailbox = await getMailboxRow(fx.tenant.tenantId, fx.mailboxId);
    expect(mailbox).toMatchObject({ state: 'error', lastErrorCode: 'auth' });
    expect(mailbox.lastError).toMatch(/username or password/);
    expect(await dovecot.count(fx.user)).toBe(1);
    expect(await everythingInngestKeeps(run, [])).not.toContain(wrong);
  });

  it('a refused connection fails the sync step retriably (Inngest tries it again) and the mailbox keeps its state', async () => {
    const tenant = await makeTenant('inngest-refused');
    const fx = await makeMailbox(
      dovecot,
      { protocol: 'imap', starttls: 'off' },
      { state: 'active', port: await freePort() },
      tenant,
    );
    const engine = new InngestTestEngine({ function: syncMailboxFunction });
    const { step, error } = await engine.executeStep('sync', { events: [syncEvent(fx.mailboxId, fx.tenant.tenantId)] });
    expect(step.op).toBe(StepOpCode.StepError); // StepFailed would mean "do not retry"
    expect(String((error as { message?: string })?.message)).toMatch(/refused/);
    const mailbox = await getMailboxRow(fx.tenant.tenantId, fx.mailboxId);
    expect(mailbox).toMatchObject({ state: 'active', lastErrorCode: 'refused' });
  });

  it('a sync that stored nothing does not ask for an outbox dispatch', async () => {
    const tenant = await makeTenant('inngest-empty');
    const fx = await makeMailbox(dovecot, { protocol: 'imap', starttls: 'off' }, { state: 'active' }, tenant);
    const sentBefore = api.bodies.length;
    const run = await new InngestTestEngine({ function: syncMailboxFunction }).execute({
      events: [syncEvent(fx.mailboxId, fx.tenant.tenantId)],
    });
    expect(run.result).toMatchObject({ fetched: 0, errorCode: null });
    expect(api.bodies.slice(sentBefore).join('\n')).not.toContain(tenant.tenantId);
  });

  it('an event with a malformed mailbox id is rejected before any work, as non-retriable', async () => {
    const tenant = await makeTenant('inngest-bad-event');
    const run = await new InngestTestEngine({ function: syncMailboxFunction }).execute({
      events: [syncEvent('not-a-uuid', tenant.tenantId)],
    });
    expect(run.error).toMatchObject({ name: 'EventValidationError', message: expect.stringMatching(/mailboxId/) });
    expect(Object.keys(run.state)).toEqual([]);
    const raw = await new InngestTestEngine({ function: syncMailboxFunction })['executeAndWaitFor'](
      'function-rejected',
      {
        events: [syncEvent('not-a-uuid', tenant.tenantId)],
      },
    );
    expect(raw.result).toMatchObject({ retriable: false });
  });
});
