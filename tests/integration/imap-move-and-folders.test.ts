// After processing: delete (the default) or move to a folder; and several folders per mailbox, each with
// defaults for the cases it opens. Against a real Dovecot.
import { ImapFlow } from 'imapflow';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { cases, outboxEvents } from '@/db/schema';
import { withTenant } from '@/db/tenancy';
import '@/lib/cli/commands/mailbox';
import { openImapSource } from '@/lib/mail/sources/imap-source';
import { confirmMailboxImport } from '@/lib/mailboxes/confirm-import';
import { createMailbox } from '@/lib/mailboxes/create-mailbox';
import { addMailboxFolder } from '@/lib/mailboxes/mailbox-folders';
import { syncMailbox } from '@/lib/mailboxes/sync-mailbox';
import { buildWebhookBodies } from '@/lib/webhooks/build-webhook-body';
import { buildMail } from '../helpers/mail-builder';
import { getMailboxRow, makeMailbox, type MailboxFixture } from '../helpers/mailbox-fixture';
import { runCliCaptured } from '../helpers/run-cli-in-process';
import { useDovecot } from '../helpers/use-dovecot';

const dovecot = useDovecot();

async function withImap<T>(fx: Pick<MailboxFixture, 'user' | 'password'>, fn: (c: ImapFlow) => Promise<T>) {
  const client = new ImapFlow({
    host: dovecot.host,
    port: dovecot.ports.imap,
    secure: false,
    doSTARTTLS: false,
    auth: { user: fx.user, pass: fx.password },
    logger: false,
  });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.logout().catch(() => client.close());
  }
}

/** Subjects in a folder (null when the folder does not exist), and which are flagged \Deleted. */
async function folderContents(fx: MailboxFixture, folder: string) {
  return withImap(fx, async (c) => {
    const exists = (await c.list()).some((f) => f.path === folder);
    if (!exists) return null;
    const box = await c.mailboxOpen(folder, { readOnly: true });
    const out: { subject: string; deleted: boolean }[] = [];
    if (box.exists === 0) return out;
    for await (const m of c.fetch('1:*', { envelope: true, flags: true }))
      out.push({ subject: m.envelope?.subject ?? '', deleted: Boolean(m.flags?.has('\\Deleted')) });
    return out.sort((a, b) => a.subject.localeCompare(b.subject));
  });
}

async function appendTo(fx: MailboxFixture, folder: string, subjects: string[], flags: string[] = []) {
  await withImap(fx, async (c) => {
    if (!(await c.list()).some((f) => f.path === folder)) await c.mailboxCreate(folder);
    for (const subject of subjects) {
      const raw = buildMail({
        from: `${subject.replace(/\W/g, '')}@customer.test`,
        to: fx.address,
        subject,
        text: subject,
      });
      await c.append(folder, raw, flags);
    }
  });
}

async function casesOf(fx: MailboxFixture) {
  const rows = await withTenant(fx.tenant.tenantId, (tx) =>
    tx
      .select({ subject: cases.subject, status: cases.status, assigneeId: cases.assigneeId, tags: cases.tags })
      .from(cases)
      .where(eq(cases.mailboxId, fx.mailboxId)),
  );
  return rows.sort((a, b) => a.subject.localeCompare(b.subject));
}

describe('after processing', () => {
  it('"move" puts stored messages in the folder (created when missing) instead of deleting them, and imports nothing twice', async () => {
    const fx = await makeMailbox(
      dovecot,
      { protocol: 'imap', starttls: 'off' },
      { afterProcessing: 'move', moveToFolder: 'Processed' },
    );
    await appendTo(fx, 'INBOX', ['Old 1', 'Old 2']);
    await confirmMailboxImport(fx.tenant.tenantId, fx.mailboxId);
    expect(await syncMailbox(fx.mailboxId, { untilEmpty: true })).toMatchObject({ created: 2, deleted: 2 });
    await appendTo(fx, 'INBOX', ['New 1']);
    // Another client's pending deletion is not ours to move.
    await appendTo(fx, 'INBOX', ['Someone else deleting'], ['\\Deleted']);
    expect(await syncMailbox(fx.mailboxId)).toMatchObject({ created: 1 });
    expect(await casesOf(fx)).toEqual([
      expect.objectContaining({ subject: 'New 1', status: 'open' }),
      expect.objectContaining({ subject: 'Old 1', status: 'closed' }),
      expect.objectContaining({ subject: 'Old 2', status: 'closed' }),
    ]);
    expect(await folderContents(fx, 'INBOX')).toEqual([{ subject: 'Someone else deleting', deleted: true }]);
    expect(await folderContents(fx, 'Processed')).toEqual([
      { subject: 'New 1', deleted: false },
      { subject: 'Old 1', deleted: false },
      { subject: 'Old 2', deleted: false },
    ]);
    // Nothing is left to take, and the moved copies are never read again.
    expect(await syncMailbox(fx.mailboxId)).toMatchObject({ fetched: 0, created: 0 });
    expect(await casesOf(fx)).toHaveLength(3);
  });

  it('without MOVE, a move is UID COPY + \\Deleted + UID EXPUNGE of exactly our UIDs', async () => {
    const fx = await makeMailbox(dovecot, { protocol: 'imap', starttls: 'off' });
    await appendTo(fx, 'INBOX', ['Ours', 'Not yet listed']);
    await appendTo(fx, 'INBOX', ['Flagged by another client'], ['\\Deleted']);
    await withImap(fx, async (client) => {
      client.capabilities.delete('MOVE'); // as a server without RFC 6851 would announce
      const source = await openImapSource(client, 'INBOX', { moveTo: 'Archive' });
      const listed = await source.listPending();
      const fetched = await source.fetch(listed.filter((r) => !r.flaggedDeleted).slice(0, 1));
      await source.delete(fetched.map((m) => m.ref));
    });
    expect(await folderContents(fx, 'Archive')).toEqual([{ subject: 'Ours', deleted: false }]);
    expect(await folderContents(fx, 'INBOX')).toEqual([
      { subject: 'Flagged by another client', deleted: true },
      { subject: 'Not yet listed', deleted: false },
    ]);
  });

  it('"delete" stays the default: a mailbox made without the option deletes and creates no folder', async () => {
    const fx = await makeMailbox(dovecot, { protocol: 'imap', starttls: 'off' });
    expect((await getMailboxRow(fx.tenant.tenantId, fx.mailboxId)).afterProcessing).toBe('delete');
    await appendTo(fx, 'INBOX', ['One']);
    await confirmMailboxImport(fx.tenant.tenantId, fx.mailboxId);
    await syncMailbox(fx.mailboxId, { untilEmpty: true });
    expect(await folderContents(fx, 'INBOX')).toEqual([]);
    expect(await folderContents(fx, 'Processed')).toBeNull();
  });

  it('refuses "move" for POP3 and into the folder that is read', async () => {
    const fx = await makeMailbox(dovecot, { protocol: 'imap', starttls: 'off' });
    const add = (input: Record<string, unknown>) =>
      withTenant(fx.tenant.tenantId, (tx) =>
        createMailbox(tx, { tenantId: fx.tenant.tenantId, input, actor: { kind: 'cli' } }),
      );
    const base = { password: 'x', host: '127.0.0.1', afterProcessing: 'move' };
    await expect(add({ ...base, email: 'p@move.test', protocol: 'pop3', moveToFolder: 'Done' })).rejects.toMatchObject({
      code: 'validation',
      details: { fields: [expect.objectContaining({ path: 'afterProcessing' })] },
    });
    await expect(add({ ...base, email: 'i@move.test', protocol: 'imap', moveToFolder: 'inbox' })).rejects.toMatchObject(
      {
        code: 'validation',
        details: { fields: [expect.objectContaining({ path: 'moveToFolder' })] },
      },
    );
  });
});

describe('several folders', () => {
  it('each further folder opens cases with its own assignee and tags; what it held when first read is imported Closed', async () => {
    const fx = await makeMailbox(dovecot, { protocol: 'imap', starttls: 'off' });
    await appendTo(fx, 'INBOX', ['Inbox old']);
    await appendTo(fx, 'Billing', ['Billing old']);
    const { code, stdout: out } = await runCliCaptured([
      'mailbox',
      'folder',
      'add',
      fx.mailboxId,
      '--folder',
      'Billing',
      '--assignee',
      fx.tenant.ownerEmail,
      '--tags',
      'billing,finance',
    ]);
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({
      name: 'Billing',
      assigneeId: fx.tenant.ownerUserId,
      tags: ['billing', 'finance'],
    });

    await confirmMailboxImport(fx.tenant.tenantId, fx.mailboxId);
    expect(await syncMailbox(fx.mailboxId, { untilEmpty: true })).toMatchObject({ created: 2, deleted: 2 });
    await appendTo(fx, 'Billing', ['Billing new']);
    await appendTo(fx, 'INBOX', ['Inbox new']);
    const s = await syncMailbox(fx.mailboxId);
    expect(s).toMatchObject({ created: 2, deleted: 2 });
    expect(s.error).toBeUndefined();

    const billing = { assigneeId: fx.tenant.ownerUserId, tags: ['billing', 'finance'] };
    expect(await casesOf(fx)).toEqual([
      { subject: 'Billing new', status: 'open', ...billing },
      { subject: 'Billing old', status: 'closed', ...billing },
      { subject: 'Inbox new', status: 'open', assigneeId: null, tags: [] },
      { subject: 'Inbox old', status: 'closed', assigneeId: null, tags: [] },
    ]);
    // Deleting after storing is the default for every folder.
    expect(await folderContents(fx, 'Billing')).toEqual([]);
    expect(await folderContents(fx, 'INBOX')).toEqual([]);
    // The import's progress counts the mailbox's own folder only.
    expect((await getMailboxRow(fx.tenant.tenantId, fx.mailboxId)).importProcessed).toBe(1);
  });

  it('a case opened from a further folder carries the folder’s assignee and tags in its case.created event and webhook body', async () => {
    const fx = await makeMailbox(dovecot, { protocol: 'imap', starttls: 'off' });
    await withTenant(fx.tenant.tenantId, (tx) =>
      addMailboxFolder(tx, {
        tenantId: fx.tenant.tenantId,
        mailboxId: fx.mailboxId,
        input: { name: 'Sales', assignee: fx.tenant.ownerEmail, tags: ['sales', 'lead'] },
        actor: { kind: 'cli' },
      }),
    );
    await appendTo(fx, 'Sales', []); // the folder exists, empty, when it is first read
    await confirmMailboxImport(fx.tenant.tenantId, fx.mailboxId);
    await syncMailbox(fx.mailboxId, { untilEmpty: true });
    await appendTo(fx, 'Sales', ['Quote please']);
    expect(await syncMailbox(fx.mailboxId)).toMatchObject({ created: 1 });

    const [event] = await withTenant(fx.tenant.tenantId, (tx) =>
      tx.select().from(outboxEvents).where(eq(outboxEvents.type, 'case.created')),
    );
    // It used to say tags [] and no assignee: the folder's defaults were applied after the event was written.
    expect(event.payload).toMatchObject({ assigneeId: fx.tenant.ownerUserId, tags: ['lead', 'sales'] });
    const body = await withTenant(fx.tenant.tenantId, (tx) => buildWebhookBodies(tx, event));
    expect(JSON.parse(body.plain).data).toMatchObject({
      subject: 'Quote please',
      assigneeId: fx.tenant.ownerUserId,
      tags: ['lead', 'sales'],
      priority: 'normal',
    });
    expect(await casesOf(fx)).toEqual([
      { subject: 'Quote please', status: 'open', assigneeId: fx.tenant.ownerUserId, tags: ['lead', 'sales'] },
    ]);
  });

  it('refuses a further folder on POP3, the folder already read, and an assignee who is not a member', async () => {
    const pop = await makeMailbox(dovecot, { protocol: 'pop3', starttls: 'off' });
    const imap = await makeMailbox(dovecot, { protocol: 'imap', starttls: 'off' });
    const run = async (argv: string[]) => {
      const { code, stdout, stderr } = await runCliCaptured(argv);
      return { code, err: stdout + stderr };
    };
    expect((await run(['mailbox', 'folder', 'add', pop.mailboxId, '--folder', 'Billing'])).code).toBe(1);
    expect((await run(['mailbox', 'folder', 'add', imap.mailboxId, '--folder', 'inbox'])).code).toBe(1);
    const stranger = await run([
      'mailbox',
      'folder',
      'add',
      imap.mailboxId,
      '--folder',
      'X',
      '--assignee',
      'nobody@x.test',
    ]);
    expect(stranger.code).toBe(1);
    expect(stranger.err).toMatch(/member/);
  });
});
