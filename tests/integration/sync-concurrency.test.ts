// Only our messages are deleted, and only one sync runs per mailbox.
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { cases, ignoredMessages, rawMessages } from '@/db/schema';
import { withTenant } from '@/db/tenancy';
import { confirmMailboxImport } from '@/lib/mailboxes/confirm-import';
import { syncMailbox } from '@/lib/mailboxes/sync-mailbox';
import { buildMail, buildMailbox, encodeCharset } from '../helpers/mail-builder';
import { makeMailbox } from '../helpers/mailbox-fixture';
import { useDovecot } from '../helpers/use-dovecot';

const dovecot = useDovecot();

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function tenantCounts(tenantId: string) {
  return withTenant(tenantId, async (tx) => ({
    cases: (await tx.select({ id: cases.id }).from(cases)).length,
    ignored: (await tx.select({ id: ignoredMessages.id }).from(ignoredMessages)).length,
    raws: await tx.select({ sha256: rawMessages.sha256, content: rawMessages.content }).from(rawMessages),
  }));
}

describe('IMAP deletion', () => {
  it('messages another client flags \\Deleted during our run survive', async () => {
    const fx = await makeMailbox(dovecot, { protocol: 'imap', starttls: 'off' });
    await dovecot.append(fx.user, buildMailbox(20, 3, fx.address));
    await confirmMailboxImport(fx.tenant.tenantId, fx.mailboxId);
    const uids = await dovecot.listUids(fx.user);
    const theirs = uids.slice(-5);
    let flagged = false;
    await syncMailbox(fx.mailboxId, {
      batchSize: 5,
      untilEmpty: true,
      afterCommit: async () => {
        if (!flagged) {
          flagged = true;
          await dovecot.flagDeleted(fx.user, theirs);
        }
      },
    });
    expect(await dovecot.listUids(fx.user)).toEqual(theirs);
    const counts = await tenantCounts(fx.tenant.tenantId);
    expect(counts.raws).toHaveLength(15);
  });

  it('a run stopped between STORE \\Deleted and UID EXPUNGE: the next run expunges exactly our stored messages', async () => {
    const fx = await makeMailbox(dovecot, { protocol: 'imap', starttls: 'off' });
    await dovecot.append(fx.user, buildMailbox(12, 13, fx.address));
    await confirmMailboxImport(fx.tenant.tenantId, fx.mailboxId);
    const uids = await dovecot.listUids(fx.user);
    // The first batch (5) is committed, then the run dies before deleting it.
    await syncMailbox(fx.mailboxId, { batchSize: 5, afterCommit: () => Promise.reject(new Error('killed')) });
    // As if the dead run had flagged its 5 messages; another client flags 2 messages we never stored.
    await dovecot.flagDeleted(fx.user, [...uids.slice(0, 5), ...uids.slice(-2)]);
    const s = await syncMailbox(fx.mailboxId, { untilEmpty: true });
    expect(s.error).toBeUndefined();
    expect(await dovecot.listUids(fx.user)).toEqual(uids.slice(-2));
    const counts = await tenantCounts(fx.tenant.tenantId);
    expect(counts.raws).toHaveLength(10);
  });

  it('a UIDVALIDITY reset (mailbox recreated) causes no duplicates and no wrong deletions', async () => {
    const fx = await makeMailbox(dovecot, { protocol: 'imap', starttls: 'off' });
    const first = buildMailbox(10, 5, fx.address);
    await dovecot.append(fx.user, first);
    await confirmMailboxImport(fx.tenant.tenantId, fx.mailboxId);
    const before = await dovecot.status(fx.user);
    // Crash after the first commit: 5 messages stored but not deleted.
    await syncMailbox(fx.mailboxId, { batchSize: 5, afterCommit: () => Promise.reject(new Error('simulated crash')) });
    expect(await dovecot.count(fx.user)).toBe(10);
    await dovecot.recreateInbox(fx.user); // same 10 messages, new UIDVALIDITY, UIDs from 1
    const fresh = buildMail({ from: 'new@example.org', to: fx.address, subject: 'After the reset', text: 'x' });
    await dovecot.append(fx.user, [fresh]);
    expect((await dovecot.status(fx.user)).uidValidity).not.toBe(before.uidValidity);

    const s = await syncMailbox(fx.mailboxId, { untilEmpty: true });
    expect(s.error).toBeUndefined();
    const counts = await tenantCounts(fx.tenant.tenantId);
    expect(counts.raws).toHaveLength(11);
    expect(new Set(counts.raws.map((r) => r.sha256))).toEqual(new Set([...first, fresh].map(sha)));
    expect(counts.cases + counts.ignored).toBe(11);
    expect(await dovecot.count(fx.user)).toBe(0);
  });

  it('20 concurrent sync triggers for one mailbox open one IMAP session', async () => {
    const fx = await makeMailbox(dovecot, { protocol: 'imap', starttls: 'off' });
    await dovecot.append(fx.user, buildMailbox(40, 8, fx.address));
    await confirmMailboxImport(fx.tenant.tenantId, fx.mailboxId);
    const logFile = path.join(dovecot.dir, 'log', 'dovecot.log');
    const loginsBefore = countLogins(logFile, fx.user);
    const results = await Promise.all(
      Array.from({ length: 20 }, () => syncMailbox(fx.mailboxId, { untilEmpty: true })),
    );
    expect(results.filter((r) => r.skipped === 'locked')).toHaveLength(19);
    expect(results.filter((r) => !r.skipped)).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 300)); // let Dovecot flush its log
    expect(countLogins(logFile, fx.user) - loginsBefore).toBe(1);
    const counts = await tenantCounts(fx.tenant.tenantId);
    expect(counts.raws).toHaveLength(40);
  });
});

function countLogins(file: string, user: string): number {
  const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  return text.split('\n').filter((l) => l.includes('imap-login') && l.includes('Login: user=<' + user + '>')).length;
}

describe('POP3', () => {
  it('a connection cut after DELE and before QUIT loses nothing and duplicates nothing', async () => {
    const fx = await makeMailbox(dovecot, { protocol: 'pop3', starttls: 'off' });
    const msgs = buildMailbox(12, 9, fx.address);
    await dovecot.append(fx.user, msgs);
    await confirmMailboxImport(fx.tenant.tenantId, fx.mailboxId);
    let batches = 0;
    // The second batch's commit fails after the first batch was DELEted: the connection drops without QUIT.
    const cut = await syncMailbox(fx.mailboxId, {
      batchSize: 5,
      afterCommit: () => {
        if (++batches === 2) throw new Error('connection cut');
      },
    });
    expect(cut.error).toBeDefined();
    expect(await dovecot.count(fx.user)).toBe(12); // DELE never took effect
    const s = await syncMailbox(fx.mailboxId, { untilEmpty: true });
    expect(s.error).toBeUndefined();
    expect(s.duplicates).toBe(10);
    const counts = await tenantCounts(fx.tenant.tenantId);
    expect(counts.raws).toHaveLength(12);
    expect(counts.cases + counts.ignored).toBe(12);
    expect(await dovecot.count(fx.user)).toBe(0);
  });

  it('an 8-bit windows-1252 message arrives byte-identical in the raw store', async () => {
    const fx = await makeMailbox(dovecot, { protocol: 'pop3s', starttls: 'required' });
    const body = encodeCharset('Grüße, Café — “quoted” €100 naïve\r\n.leading dot\r\n', 'windows-1252');
    const head = Buffer.from(
      [
        `From: =?utf-8?q?J=C3=BCrgen?= <juergen@example.org>`,
        `To: ${fx.address}`,
        'Subject: Rechnung',
        'Message-ID: <cp1252@example.org>',
        'Date: Mon, 1 Jan 2024 10:00:00 +0000',
        'MIME-Version: 1.0',
        'Content-Type: text/plain; charset=windows-1252',
        'Content-Transfer-Encoding: 8bit',
        '',
        '',
      ].join('\r\n'),
    );
    const raw = Buffer.concat([head, body]);
    await dovecot.append(fx.user, [raw], { via: 'imap' });
    const [served] = await dovecot.fetchAll(fx.user);
    await confirmMailboxImport(fx.tenant.tenantId, fx.mailboxId);
    await syncMailbox(fx.mailboxId, { untilEmpty: true });
    const counts = await tenantCounts(fx.tenant.tenantId);
    expect(counts.raws).toHaveLength(1);
    expect(Buffer.compare(counts.raws[0].content, served.source)).toBe(0);
    expect(Buffer.compare(counts.raws[0].content, raw)).toBe(0);
  });
});
