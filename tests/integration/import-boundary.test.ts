// The messages present when the owner confirms the import stay "imported: Closed, no acknowledgement"
// even when the folder is renumbered before or during the import (a rebuilt mailbox, a server
// migration: new UIDVALIDITY, new POP3 UIDLs). Reproduced on Cyrus before the fix: the 19 messages of
// the history became 19 Open cases with 19 acknowledgements requested.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cases, importFingerprints, outboxEvents } from '@/db/schema';
import { withTenant } from '@/db/tenancy';
import { confirmMailboxImport } from '@/lib/mailboxes/confirm-import';
import { syncMailbox } from '@/lib/mailboxes/sync-mailbox';
import { startCyrus, type TestCyrus } from '../helpers/cyrus';
import { buildMail } from '../helpers/mail-builder';
import { getMailboxRow, makeMailbox, type MailboxFixture } from '../helpers/mailbox-fixture';
import { useDovecot } from '../helpers/use-dovecot';

const dovecot = useDovecot();

/** The history: distinct people, one message without a Message-ID (old clients, some gateways). */
function history(n: number, to: string): Buffer[] {
  return Array.from({ length: n }, (_, i) => {
    const mail = buildMail({
      from: `person${i}@example.org`,
      to,
      subject: `Old question ${i}`,
      text: `history ${i}`,
      date: new Date(Date.UTC(2025, 0, 1 + i, 9)),
    });
    if (i !== 1) return mail;
    const lines = mail.toString('latin1').split('\r\n');
    return Buffer.from(lines.filter((l) => !/^message-id:/i.test(l)).join('\r\n'), 'latin1');
  });
}

const fresh = (to: string, subject: string) =>
  buildMail({ from: `${subject.length}new@example.org`, to, subject, text: 'new' });

/** Every case of the mailbox with what its case.created event said. */
async function outcome(fx: MailboxFixture) {
  return withTenant(fx.tenant.tenantId, async (tx) => {
    const rows = await tx.select().from(cases).where(eq(cases.mailboxId, fx.mailboxId));
    const events = await tx.select().from(outboxEvents).where(eq(outboxEvents.type, 'case.created'));
    const eventOf = new Map(events.map((e) => [e.payload.caseId as string, e.payload]));
    return rows.map((c) => ({
      subject: c.subject,
      status: c.status,
      imported: c.imported,
      acknowledge: eventOf.get(c.id)?.acknowledge,
    }));
  });
}

const importedCase = (subject: string) => ({ subject, status: 'closed', imported: true, acknowledge: false });
const importedHistory = (old: Buffer[]) => old.map((_, i) => importedCase(`Old question ${i}`));
const newCase = (subject: string) => ({ subject, status: 'open', imported: false, acknowledge: true });
const bySubject = (a: { subject: string }, b: { subject: string }) => a.subject.localeCompare(b.subject);

async function fingerprintsLeft(fx: MailboxFixture) {
  return withTenant(fx.tenant.tenantId, (tx) =>
    tx
      .select()
      .from(importFingerprints)
      .where(and(eq(importFingerprints.mailboxId, fx.mailboxId))),
  );
}

/** A Dovecot mailbox holding `n` messages of history, whose import the owner has confirmed. */
async function confirmedHistory(protocol: 'imap' | 'pop3', n: number) {
  const fx = await makeMailbox(dovecot, { protocol, starttls: 'off' });
  const old = history(n, fx.address);
  await dovecot.append(fx.user, old);
  const boundary = await confirmMailboxImport(fx.tenant.tenantId, fx.mailboxId);
  return { fx, old, boundary };
}

describe('the import boundary survives a renumbered folder', () => {
  it('IMAP: the folder rebuilt with the same messages before the import runs: the history is imported Closed, no acknowledgement; later mail is new', async () => {
    const { fx, old, boundary } = await confirmedHistory('imap', 6);
    expect(boundary.total).toBe(6);
    expect(await fingerprintsLeft(fx)).toHaveLength(6);
    // Delivered after the confirmation: new mail, whatever happens to the folder.
    await dovecot.append(fx.user, [fresh(fx.address, 'Before the rebuild')]);
    const before = await dovecot.status(fx.user);
    await dovecot.recreateInbox(fx.user); // same 7 messages, new UIDVALIDITY, UIDs from 1
    await dovecot.append(fx.user, [fresh(fx.address, 'After the rebuild')]);
    expect((await dovecot.status(fx.user)).uidValidity).not.toBe(before.uidValidity);

    const s = await syncMailbox(fx.mailboxId, { untilEmpty: true });
    expect(s.error).toBeUndefined();
    expect((await outcome(fx)).sort(bySubject)).toEqual(
      [...importedHistory(old), newCase('Before the rebuild'), newCase('After the rebuild')].sort(bySubject),
    );
    expect(s.import).toMatchObject({ done: true });
    expect((await getMailboxRow(fx.tenant.tenantId, fx.mailboxId)).state).toBe('active');
    expect(await fingerprintsLeft(fx)).toHaveLength(0); // kept only while the import runs
    expect(await dovecot.count(fx.user)).toBe(0);
  });

  it('IMAP: the folder rebuilt during the import (after a run stopped part-way): every message of the history is imported Closed, no acknowledgement', async () => {
    const { fx, old } = await confirmedHistory('imap', 9);
    // The first batch (3) is committed, then the run dies before deleting it.
    const stopped = await syncMailbox(fx.mailboxId, {
      batchSize: 3,
      afterCommit: () => Promise.reject(new Error('stopped')),
    });
    expect(stopped.error).toBeDefined();
    expect((await getMailboxRow(fx.tenant.tenantId, fx.mailboxId)).state).toBe('importing');
    await dovecot.recreateInbox(fx.user);

    const s = await syncMailbox(fx.mailboxId, { untilEmpty: true, batchSize: 3 });
    expect(s.error).toBeUndefined();
    expect(s.duplicates).toBe(3); // the first batch was stored already: only its delete was left
    expect((await outcome(fx)).sort(bySubject)).toEqual(importedHistory(old));
    expect(await dovecot.count(fx.user)).toBe(0);
  });

  it('POP3: new UIDLs before the import runs: the history is imported Closed, no acknowledgement; later mail is new', async () => {
    const { fx, old } = await confirmedHistory('pop3', 4);
    const uidlsAtConfirmation = (await getMailboxRow(fx.tenant.tenantId, fx.mailboxId)).importUidls;
    expect(uidlsAtConfirmation).toHaveLength(4);
    await dovecot.recreateInbox(fx.user); // Dovecot's UIDLs carry UIDVALIDITY: every one changes
    await dovecot.append(fx.user, [fresh(fx.address, 'After the rebuild')]);

    const s = await syncMailbox(fx.mailboxId, { untilEmpty: true });
    expect(s.error).toBeUndefined();
    expect((await outcome(fx)).sort(bySubject)).toEqual(
      [...importedHistory(old), newCase('After the rebuild')].sort(bySubject),
    );
    expect(await dovecot.count(fx.user)).toBe(0);
  });
});

describe('on Cyrus IMAP, where it was reproduced', () => {
  let cyrus: TestCyrus;
  beforeAll(async () => {
    cyrus = await startCyrus();
  });
  afterAll(async () => {
    await cyrus?.stop();
  });

  it('the folder deleted and created again with the same messages before the import runs: the history is imported Closed, no acknowledgement', async () => {
    const fx = await makeMailbox(cyrus, { protocol: 'imap', starttls: 'required' }, { folder: 'Support' });
    const old = history(5, fx.address);
    await cyrus.createFolder(fx.user, 'Support');
    await cyrus.append(fx.user, old, { folder: 'Support' });
    await confirmMailboxImport(fx.tenant.tenantId, fx.mailboxId);
    const confirmed = await getMailboxRow(fx.tenant.tenantId, fx.mailboxId);
    await cyrus.deleteFolder(fx.user, 'Support');
    await cyrus.createFolder(fx.user, 'Support');
    await cyrus.append(fx.user, [...old, fresh(fx.address, 'After the rebuild')], { folder: 'Support' });

    const s = await syncMailbox(fx.mailboxId, { untilEmpty: true });
    expect(s.error).toBeUndefined();
    const after = await getMailboxRow(fx.tenant.tenantId, fx.mailboxId);
    expect(after.imapUidValidity).not.toBe(confirmed.importUidValidity);
    expect((await outcome(fx)).sort(bySubject)).toEqual(
      [...importedHistory(old), newCase('After the rebuild')].sort(bySubject),
    );
  });
});
