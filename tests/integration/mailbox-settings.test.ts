// Creating, reading, updating and pausing mailboxes in PostgreSQL: sealed secrets, one tenant per
// address, the public shape, lifecycle transitions.
import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, mailboxes } from '@/db/schema';
import { withTenant } from '@/db/tenancy';
import { open } from '@/lib/crypto/seal';
import { AppError } from '@/lib/errors';
import { createMailbox } from '@/lib/mailboxes/create-mailbox';
import { getMailbox, toPublicMailbox } from '@/lib/mailboxes/get-mailbox';
import { listMailboxes } from '@/lib/mailboxes/list-mailboxes';
import { openMailboxCredentials } from '@/lib/mailboxes/mailbox-credentials';
import { setMailboxState } from '@/lib/mailboxes/set-mailbox-state';
import { updateMailbox } from '@/lib/mailboxes/update-mailbox';
import { rejectionOf } from '../helpers/rejection-of';
import { makeTenant, type TestTenant } from '../helpers/tenant';

const cli = { kind: 'cli' } as const;

function uniqueAddress(label = 'support'): string {
  return `${label}-${randomBytes(4).toString('hex')}@helpdesk.test`;
}

async function addMailbox(tenant: TestTenant, input: Record<string, unknown> = {}) {
  return withTenant(tenant.tenantId, (tx) =>
    createMailbox(tx, {
      tenantId: tenant.tenantId,
      actor: cli,
      input: {
        email: uniqueAddress(),
        password: 'incoming-secret-1',
        protocol: 'imaps',
        host: 'imap.helpdesk.test',
        ...input,
      },
    }),
  );
}

async function rowOf(tenant: TestTenant, id: string) {
  return withTenant(tenant.tenantId, (tx) => getMailbox(tx, id));
}

describe('creating a mailbox', () => {
  it('stores it as a draft with the password sealed, never in plain text, and returns no secret', async () => {
    const tenant = await makeTenant('mbx');
    const canary = `canary-${randomBytes(8).toString('hex')}`;
    const created = await addMailbox(tenant, {
      password: canary,
      smtp: { host: 'smtp.helpdesk.test', username: 'relay', password: `${canary}-smtp` },
    });

    expect(created.state).toBe('draft');
    expect(created.hasPassword).toBe(true);
    expect(created.smtp).toMatchObject({
      host: 'smtp.helpdesk.test',
      sameAsIncoming: false,
      username: 'relay',
      hasPassword: true,
    });
    expect(JSON.stringify(created)).not.toContain(canary);
    expect(Object.keys(created)).not.toEqual(expect.arrayContaining(['passwordSealed']));
    expect(JSON.stringify(created)).not.toMatch(/sealed/i);

    const row = await rowOf(tenant, created.id);
    expect(row.passwordSealed).toBeTruthy();
    expect(JSON.stringify(row)).not.toContain(canary);
    expect(open(row.passwordSealed!, { tenantId: tenant.tenantId, purpose: 'mailbox.password' })).toBe(canary);
    expect(open(row.smtpPasswordSealed!, { tenantId: tenant.tenantId, purpose: 'mailbox.smtp-password' })).toBe(
      `${canary}-smtp`,
    );
    // Sealed to this tenant and purpose: it cannot be opened as something else.
    expect(() => open(row.passwordSealed!, { tenantId: tenant.tenantId, purpose: 'mailbox.smtp-password' })).toThrow(
      AppError,
    );
    expect(openMailboxCredentials(row)).toEqual({
      incoming: { user: row.username, password: canary },
      smtp: { user: 'relay', password: `${canary}-smtp` },
    });
  });

  it('records who added it in the audit log, without the password', async () => {
    const tenant = await makeTenant('mbx');
    const created = await addMailbox(tenant);
    const entries = await withTenant(tenant.tenantId, (tx) =>
      tx
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, 'mailbox.created'), eq(auditLog.targetId, created.id))),
    );
    expect(entries).toHaveLength(1);
    expect(entries[0].actorKind).toBe('cli');
    expect(JSON.stringify(entries[0].details)).not.toContain('incoming-secret-1');
  });

  it('refuses an address another tenant already connected (whatever its case), and leaves the transaction usable', async () => {
    const a = await makeTenant('mbx-a');
    const b = await makeTenant('mbx-b');
    const email = uniqueAddress('shared');
    await addMailbox(a, { email });

    const result = await withTenant(b.tenantId, async (tx) => {
      const err = await rejectionOf(
        createMailbox(tx, {
          tenantId: b.tenantId,
          actor: cli,
          input: { email: email.toUpperCase(), password: 'x', protocol: 'imap', host: 'imap.helpdesk.test' },
        }),
        AppError,
      );
      // The failed insert ran in a savepoint: the same transaction can carry on.
      const other = await createMailbox(tx, {
        tenantId: b.tenantId,
        actor: cli,
        input: { email: uniqueAddress(), password: 'x', protocol: 'imap', host: 'imap.helpdesk.test' },
      });
      return { err, other };
    });
    expect(result.err.code).toBe('conflict');
    expect(result.err.message).toMatch(/already connected to Caseflow/);
    expect(result.err.message).not.toContain(a.slug);
    expect(result.other.state).toBe('draft');
  });

  it('refuses the same address twice in one tenant', async () => {
    const tenant = await makeTenant('mbx');
    const email = uniqueAddress();
    await addMailbox(tenant, { email });
    expect((await rejectionOf(addMailbox(tenant, { email }), AppError)).code).toBe('conflict');
  });

  it('turns invalid input into a validation error with field messages', async () => {
    const tenant = await makeTenant('mbx');
    const err = await rejectionOf(addMailbox(tenant, { port: 'abc' }), AppError);
    expect(err.code).toBe('validation');
    expect(err.details?.fields).toEqual([expect.objectContaining({ path: 'port' })]);
  });
});

describe('reading mailboxes', () => {
  it('lists only the tenant’s own, and another tenant’s id or a malformed id is not found', async () => {
    const a = await makeTenant('mbx-a');
    const b = await makeTenant('mbx-b');
    const mine = await addMailbox(a);
    const theirs = await addMailbox(b);

    const listed = await withTenant(a.tenantId, (tx) => listMailboxes(tx));
    expect(listed.map((m) => m.id)).toEqual([mine.id]);
    expect((await rejectionOf(rowOf(a, theirs.id), AppError)).code).toBe('not_found');
    expect((await rejectionOf(rowOf(a, 'not-a-uuid'), AppError)).code).toBe('not_found');
    expect((await rejectionOf(rowOf(a, "' or 1=1 --"), AppError)).code).toBe('not_found');
  });

  it('shows the public shape with hasPassword and no sealed field', async () => {
    const tenant = await makeTenant('mbx');
    const created = await addMailbox(tenant);
    const pub = toPublicMailbox(await rowOf(tenant, created.id));
    expect(pub).toEqual(created);
    for (const key of ['passwordSealed', 'smtpPasswordSealed', 'leaseOwner', 'tenantId'])
      expect(pub).not.toHaveProperty(key);
  });
});

describe('updating a mailbox', () => {
  it('keeps the stored password when none is given, and seals a new one when it is', async () => {
    const tenant = await makeTenant('mbx');
    const created = await addMailbox(tenant);
    const before = await rowOf(tenant, created.id);

    const updated = await withTenant(tenant.tenantId, (tx) =>
      updateMailbox(tx, { id: created.id, actor: cli, input: { displayName: 'Support', pollIntervalSeconds: 120 } }),
    );
    expect(updated).toMatchObject({ displayName: 'Support', pollIntervalSeconds: 120, hasPassword: true });
    const kept = await rowOf(tenant, created.id);
    expect(kept.passwordSealed).toBe(before.passwordSealed);

    await withTenant(tenant.tenantId, (tx) =>
      updateMailbox(tx, { id: created.id, actor: cli, input: { password: 'new-secret-2' } }),
    );
    const changed = await rowOf(tenant, created.id);
    expect(changed.passwordSealed).not.toBe(before.passwordSealed);
    expect(openMailboxCredentials(changed).incoming?.password).toBe('new-secret-2');

    const audit = await withTenant(tenant.tenantId, (tx) =>
      tx
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, 'mailbox.updated'), eq(auditLog.targetId, created.id))),
    );
    expect(audit.map((e) => [...(e.details as { fields: string[] }).fields].sort())).toEqual(
      expect.arrayContaining([['displayName', 'pollIntervalSeconds'], ['password']]),
    );
    expect(JSON.stringify(audit)).not.toContain('new-secret-2');
  });

  it('clears a separate SMTP password when SMTP goes back to the incoming credentials', async () => {
    const tenant = await makeTenant('mbx');
    const created = await addMailbox(tenant, {
      smtp: { host: 'smtp.helpdesk.test', username: 'relay', password: 'relay-pw' },
    });
    const updated = await withTenant(tenant.tenantId, (tx) =>
      // The incoming password now also goes to the SMTP server, so it is entered again.
      updateMailbox(tx, {
        id: created.id,
        actor: cli,
        input: { smtp: { sameAsIncoming: true }, password: 'again-pw' },
      }),
    );
    expect(updated.smtp).toMatchObject({ sameAsIncoming: true, hasPassword: true });
    expect((await rowOf(tenant, created.id)).smtpPasswordSealed).toBeNull();
  });

  it('lets a draft change its address, but not a connected mailbox, and never to a taken one', async () => {
    const tenant = await makeTenant('mbx');
    const created = await addMailbox(tenant);
    const taken = await addMailbox(tenant);
    const renamed = uniqueAddress('renamed');
    const updated = await withTenant(tenant.tenantId, (tx) =>
      updateMailbox(tx, { id: created.id, actor: cli, input: { email: renamed } }),
    );
    expect(updated.email).toBe(renamed);
    expect(
      (
        await rejectionOf(
          withTenant(tenant.tenantId, (tx) =>
            updateMailbox(tx, { id: created.id, actor: cli, input: { email: taken.email } }),
          ),
          AppError,
        )
      ).code,
    ).toBe('conflict');

    await withTenant(tenant.tenantId, (tx) =>
      tx.update(mailboxes).set({ state: 'active' }).where(eq(mailboxes.id, created.id)),
    );
    const err = await rejectionOf(
      withTenant(tenant.tenantId, (tx) =>
        updateMailbox(tx, { id: created.id, actor: cli, input: { email: uniqueAddress() } }),
      ),
      AppError,
    );
    expect(err.code).toBe('conflict');
    expect(err.message).toMatch(/cannot change/);
  });

  it('cannot touch another tenant’s mailbox', async () => {
    const a = await makeTenant('mbx-a');
    const b = await makeTenant('mbx-b');
    const theirs = await addMailbox(b);
    const err = await rejectionOf(
      withTenant(a.tenantId, (tx) =>
        updateMailbox(tx, { id: theirs.id, actor: cli, input: { displayName: 'mine now' } }),
      ),
      AppError,
    );
    expect(err.code).toBe('not_found');
    expect((await rowOf(b, theirs.id)).displayName).toBeNull();
  });
});

describe('pausing and resuming', () => {
  async function inState(
    state: 'draft' | 'active' | 'importing' | 'error' | 'needs_reauth',
    extra: Partial<typeof mailboxes.$inferInsert> = {},
  ) {
    const tenant = await makeTenant('mbx');
    const created = await addMailbox(tenant);
    await withTenant(tenant.tenantId, (tx) =>
      tx
        .update(mailboxes)
        .set({ state, ...extra })
        .where(eq(mailboxes.id, created.id)),
    );
    const change = (change: Parameters<typeof setMailboxState>[1]['change']) =>
      withTenant(tenant.tenantId, (tx) => setMailboxState(tx, { id: created.id, change, actor: cli }));
    return { tenant, id: created.id, change };
  }

  it('pauses an active mailbox and resumes it as active, due at once', async () => {
    const m = await inState('active');
    expect((await m.change({ to: 'paused' })).state).toBe('paused');
    const resumed = await m.change({ to: 'active' });
    expect(resumed.state).toBe('active');
    expect(resumed.nextSyncAt).not.toBeNull();
  });

  it('resumes a paused, unfinished import as importing', async () => {
    const m = await inState('importing', { importTotal: 30, importProcessed: 10 });
    await m.change({ to: 'paused' });
    expect((await m.change({ to: 'active' })).state).toBe('importing');
  });

  it('records an error on a running mailbox and clears it on resume', async () => {
    const m = await inState('active');
    const failed = await m.change({
      to: 'error',
      error: { code: 'auth', message: 'The server rejected the username or password.' },
    });
    expect(failed).toMatchObject({ state: 'error', lastErrorCode: 'auth' });
    expect(failed.lastErrorAt).not.toBeNull();
    const resumed = await m.change({ to: 'active' });
    expect(resumed).toMatchObject({ state: 'active', lastError: null, lastErrorCode: null });
  });

  it('does not let a late sync failure override a pause', async () => {
    const m = await inState('active');
    await m.change({ to: 'paused' });
    expect((await m.change({ to: 'error', error: { code: 'timeout', message: 'late' } })).state).toBe('paused');
  });

  it('refuses to pause or resume a draft', async () => {
    const m = await inState('draft');
    expect((await rejectionOf(m.change({ to: 'paused' }), AppError)).code).toBe('conflict');
    expect((await rejectionOf(m.change({ to: 'active' }), AppError)).code).toBe('conflict');
  });

  it('audits pause and resume', async () => {
    const m = await inState('active');
    await m.change({ to: 'paused' });
    await m.change({ to: 'active' });
    const actions = await withTenant(m.tenant.tenantId, (tx) =>
      tx.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.targetId, m.id)),
    );
    expect(actions.map((a) => a.action)).toEqual(expect.arrayContaining(['mailbox.paused', 'mailbox.resumed']));
  });
});
