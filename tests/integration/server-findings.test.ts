// What real servers other than Dovecot showed, one test per finding, each against the server that shows it (a scripted
// server where none here can be made to). Each used to fail: the notes say how.
import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, outboxEvents } from '@/db/schema';
import { withTenant } from '@/db/tenancy';
import '@/lib/cli/commands/mailbox';
import { mailboxTestMessage } from '@/lib/mailboxes/connection-error';
import { confirmMailboxImport } from '@/lib/mailboxes/confirm-import';
import { syncMailbox } from '@/lib/mailboxes/sync-mailbox';
import { testStoredMailbox } from '@/lib/mailboxes/test-connection';
import { startCourier, type TestCourier } from '../helpers/courier';
import { startCyrus, type TestCyrus } from '../helpers/cyrus';
import { startLineServer, type LineServer } from '../helpers/line-server';
import { buildMail, buildMailboxEntries } from '../helpers/mail-builder';
import { getMailboxRow, makeMailbox, type MailboxServer } from '../helpers/mailbox-fixture';
import { runCliJson } from '../helpers/run-cli-in-process';
import { startScriptedImap } from '../helpers/scripted-imap';
import { useStarted } from '../helpers/use-started';

const cyrus = useStarted(startCyrus, (started) => started.stop());
const courier = useStarted(startCourier, (started) => started.stop());

const unique = () => `m-${randomBytes(4).toString('hex')}@support.test`;

/** A mail server seen as a single port (scripted servers, or one of a real server's edge listeners). */
function onePort(port: number, user: string, password: string): MailboxServer {
  return {
    host: '127.0.0.1',
    ports: { imap: port, imaps: port, pop3: port, pop3s: port },
    addUser: async () => ({ user, password }),
  };
}

/** A plain-IMAP mailbox, with an address of its own, on a scripted IMAP server (tests/helpers/scripted-imap.ts). */
function scriptedImapMailbox(server: { port: number; user: string; password: string }) {
  return makeMailbox(
    onePort(server.port, server.user, server.password),
    { protocol: 'imap', starttls: 'off' },
    { email: unique() },
  );
}

async function ownerWasTold(tenantId: string, mailboxId: string) {
  return withTenant(tenantId, async (tx) => ({
    audit: await tx
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.targetId, mailboxId), eq(auditLog.action, 'mailbox.error'))),
    events: (await tx.select().from(outboxEvents).where(eq(outboxEvents.type, 'mailbox.error'))).filter(
      (e) => (e.payload as { mailboxId?: string }).mailboxId === mailboxId,
    ),
  }));
}

describe('finding 1: a SELECT without UIDNEXT (Courier-IMAP)', () => {
  it('imports through the CLI: UIDNEXT comes from STATUS, never NaN, and no SQL reaches the operator', async () => {
    // Used to fail: `mailbox import --confirm` answered {"code":"internal","message":"Failed query: update …NaN…"}.
    const fx = await makeMailbox(courier, { protocol: 'imap', starttls: 'required' });
    await courier.append(
      fx.user,
      buildMailboxEntries(5, 31, fx.address).map((e) => e.raw),
    );
    const tested = await runCliJson(['mailbox', 'test', fx.mailboxId]);
    expect(tested.json).toMatchObject({ ok: true, messageCount: 5 });
    const imported = await runCliJson(['mailbox', 'import', fx.mailboxId, '--confirm']);
    expect(imported.code, imported.stdout + imported.stderr).toBe(0);
    expect(imported.json).toMatchObject({ state: 'active', import: { processed: 5, total: 5, done: true } });
    const row = await getMailboxRow(fx.tenant.tenantId, fx.mailboxId);
    expect(row.importUidNext).toBe(6);
    expect(await courier.count(fx.user)).toBe(0);
  });

  it('falls back to the highest UID + 1 when STATUS does not help either', async () => {
    const server = await startScriptedImap({
      selectUidNext: false,
      messages: [1, 2, 3].map((i) => buildMail({ from: 'a@example.org', to: 'b@example.org', subject: `m${i}` })),
      intercept: (cmd) => {
        if (cmd.name !== 'STATUS') return false;
        cmd.socket.write(`${cmd.tag} BAD STATUS not supported\r\n`);
        return true;
      },
    });
    try {
      const fx = await scriptedImapMailbox(server);
      const boundary = await confirmMailboxImport(fx.tenant.tenantId, fx.mailboxId);
      expect(boundary).toMatchObject({ total: 3, uidNext: 4 });
    } finally {
      await server.close();
    }
  });
});

describe('finding 2: a folder deleted after activation (Cyrus: NO without [NONEXISTENT])', () => {
  it('is folder-missing in the sync; the mailbox goes to error and the owner is told once', async () => {
    // Used to fail: {"code":"internal"}, the mailbox stayed active and backed off forever, nobody was told.
    const fx = await makeMailbox(cyrus, { protocol: 'imap', starttls: 'required' }, { folder: 'Support' });
    await cyrus.createFolder(fx.user, 'Support');
    await confirmMailboxImport(fx.tenant.tenantId, fx.mailboxId);
    expect((await syncMailbox(fx.mailboxId)).state).toBe('active');

    await cyrus.deleteFolder(fx.user, 'Support');
    const s = await syncMailbox(fx.mailboxId);
    expect(s.error?.code).toBe('folder-missing');
    expect(s.error?.message).toMatch(/does not exist on the server/);
    expect(s.state).toBe('error');
    const row = await getMailboxRow(fx.tenant.tenantId, fx.mailboxId);
    expect(row).toMatchObject({ state: 'error', lastErrorCode: 'folder-missing' });

    // A later run (the runner retries mailboxes in error) does not tell the owner again.
    await syncMailbox(fx.mailboxId);
    const told = await ownerWasTold(fx.tenant.tenantId, fx.mailboxId);
    expect(told.audit).toHaveLength(1);
    expect(told.events).toHaveLength(1);
    expect(told.events[0].payload).toMatchObject({ code: 'folder-missing' });
  });
});

describe('finding 3: passwords only over TLS is not a wrong password', () => {
  it('IMAP LOGINDISABLED before STARTTLS (Cyrus allowplaintext: no) → tls-required in the test and the sync', async () => {
    // Used to fail: `auth`, "The server rejected the username or password".
    const { user, password } = await cyrus.addUser();
    const server = onePort(cyrus.edgePorts.imapTlsOnly, user, password);
    const plain = await makeMailbox(
      server,
      { protocol: 'imap', starttls: 'off' },
      { state: 'active', email: unique() },
    );
    const tested = await testStoredMailbox({ tenantId: plain.tenant.tenantId, mailboxId: plain.mailboxId });
    expect(tested).toEqual({
      ok: false,
      error: { code: 'tls-required', message: mailboxTestMessage['tls-required'] },
    });
    const s = await syncMailbox(plain.mailboxId);
    expect(s.error?.code).toBe('tls-required');
    expect(s.state).toBe('error');
    // The advice works: the same port with STARTTLS signs in.
    const upgraded = await makeMailbox(server, { protocol: 'imap', starttls: 'required' }, { email: unique() });
    expect(
      await testStoredMailbox({ tenantId: upgraded.tenant.tenantId, mailboxId: upgraded.mailboxId }),
    ).toMatchObject({ ok: true });
  });

  it.each([
    ['Courier POP3 (POP3_TLS_REQUIRED: -ERR on USER)', () => onePortOf(courier, courier.edgePorts.pop3TlsRequired)],
    ['Cyrus POP3 (allowplaintext: no)', () => onePortOf(cyrus, cyrus.edgePorts.pop3TlsOnly)],
  ])('POP3 refusing USER/PASS before STLS on %s → tls-required', async (_name, serverOf) => {
    // Used to fail: the POP3 client's own accurate text was replaced by the generic `auth` message.
    const server = await serverOf();
    const plain = await makeMailbox(server, { protocol: 'pop3', starttls: 'off' }, { email: unique() });
    const tested = await testStoredMailbox({ tenantId: plain.tenant.tenantId, mailboxId: plain.mailboxId });
    expect(tested).toMatchObject({ ok: false, error: { code: 'tls-required' } });
    const upgraded = await makeMailbox(server, { protocol: 'pop3', starttls: 'required' }, { email: unique() });
    expect(
      await testStoredMailbox({ tenantId: upgraded.tenant.tenantId, mailboxId: upgraded.mailboxId }),
    ).toMatchObject({ ok: true });
  });
});

async function onePortOf(server: TestCyrus | TestCourier, port: number): Promise<MailboxServer> {
  const { user, password } = await server.addUser();
  return onePort(port, user, password);
}

describe('finding 4: an APOP-only POP3 server (scripted: no real server here offers only APOP)', () => {
  it('gets its own code, not a wrong password', async () => {
    // Used to fail: `auth`.
    const server = await scriptedPop3((line) => {
      if (/^USER /i.test(line)) return '-ERR USER/PASS authentication not allowed';
      if (/^CAPA/i.test(line)) return '-ERR unknown command';
      if (/^QUIT/i.test(line)) return '+OK bye';
      return '-ERR unknown command';
    });
    try {
      const fx = await makeMailbox(
        onePort(server.port, 'someone', 'secret'),
        { protocol: 'pop3', starttls: 'off' },
        { email: unique() },
      );
      const tested = await testStoredMailbox({ tenantId: fx.tenant.tenantId, mailboxId: fx.mailboxId });
      expect(tested).toEqual({ ok: false, error: { code: 'apop-only', message: mailboxTestMessage['apop-only'] } });
    } finally {
      await server.close();
    }
  });
});

describe('finding 5: IMAP4rev2 in place of UIDPLUS (scripted: no server here speaks IMAP4rev2)', () => {
  it('passes the connection test and the sync alike, and deletes with UID EXPUNGE, never a bare EXPUNGE', async () => {
    // Used to fail: the connection test said OK, the sync refused with no-uidplus.
    const server = await startScriptedImap({
      capabilities: ['IMAP4rev2', 'ENABLE', 'IDLE'],
      messages: [1, 2, 3].map((i) =>
        buildMail({ from: `c${i}@example.org`, to: 'support@example.org', subject: `Question ${i}`, text: 'hi' }),
      ),
      intercept: (cmd, s) => {
        // Another client's pending deletion, which only a bare EXPUNGE would remove.
        if (cmd.name === 'SELECT') s.messages[0].flags.add('\\Deleted');
        return false;
      },
    });
    try {
      const fx = await scriptedImapMailbox(server);
      const tested = await testStoredMailbox({ tenantId: fx.tenant.tenantId, mailboxId: fx.mailboxId });
      expect(tested).toMatchObject({ ok: true, messageCount: 3, capabilities: expect.arrayContaining(['UIDPLUS']) });
      await confirmMailboxImport(fx.tenant.tenantId, fx.mailboxId);
      const s = await syncMailbox(fx.mailboxId, { untilEmpty: true });
      expect(s.error).toBeUndefined();
      expect(s).toMatchObject({ created: 2, deleted: 2, state: 'active' });
      expect(server.commands.filter((c) => c.startsWith('UID EXPUNGE'))).toEqual([
        expect.stringMatching(/^UID EXPUNGE 2[,:]3$/),
      ]);
      expect(server.commands.filter((c) => c === 'EXPUNGE')).toEqual([]);
      expect(server.messages.map((m) => m.uid)).toEqual([1]);
    } finally {
      await server.close();
    }
  });
});

/** A line-by-line POP3 server whose greeting carries an APOP timestamp (RFC 1939 section 7). */
function scriptedPop3(reply: (line: string) => string): Promise<LineServer> {
  return startLineServer({
    greeting: '+OK POP3 ready <1896.697170952@scripted.test>\r\n',
    onLine: (line, socket) => {
      socket.write(`${reply(line)}\r\n`);
      if (/^QUIT/i.test(line)) socket.end();
    },
  });
}
