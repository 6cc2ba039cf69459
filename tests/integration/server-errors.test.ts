// Every way a mail server can fail Caseflow, from the server's behaviour to our code and our message (README "Mail
// server compatibility"): real servers where one here shows the behaviour, scripted ones where none can. For each:
// the connection test (where the behaviour shows before any mail is read) and a sync of an active mailbox through
// the CLI give the code and the catalogue's message — never `internal`, SQL text, a stack or the server's own words —
// and the mailbox goes to `error` (owner told) exactly when retrying cannot help.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { mailboxes } from '@/db/schema';
import '@/lib/cli/commands/mailbox';
import { mailboxTestMessage, type MailboxConnectionErrorCode, type TlsProblem } from '@/lib/mailboxes/connection-error';
import { syncMailbox } from '@/lib/mailboxes/sync-mailbox';
import { testStoredMailbox } from '@/lib/mailboxes/test-connection';
import { startCourier, type TestCourier } from '../helpers/courier';
import { startCyrus, type TestCyrus } from '../helpers/cyrus';
import { startLineServer } from '../helpers/line-server';
import { buildMail } from '../helpers/mail-builder';
import { getMailboxRow, makeMailbox, type MailboxFixture, type MailboxServer } from '../helpers/mailbox-fixture';
import { runCliCaptured } from '../helpers/run-cli-in-process';
import { startScriptedImap, type ScriptedImapOptions } from '../helpers/scripted-imap';

let cyrus: TestCyrus;
let courier: TestCourier;
const closers: (() => Promise<void>)[] = [];
beforeAll(async () => {
  [cyrus, courier] = await Promise.all([startCyrus(), startCourier()]);
});
afterAll(async () => {
  await Promise.all([cyrus?.stop(), courier?.stop(), ...closers.map((c) => c())]);
});

const unique = () => `m-${randomBytes(4).toString('hex')}@support.test`;
const mail = (subject: string) => buildMail({ from: 'c@example.org', to: 'support@example.org', subject, text: 'hi' });

function onePort(port: number, user = 'someone', password = 'secret'): MailboxServer {
  return {
    host: '127.0.0.1',
    ports: { imap: port, imaps: port, pop3: port, pop3s: port },
    addUser: async () => ({ user, password }),
  };
}

async function scriptedImap(opts: ScriptedImapOptions): Promise<MailboxServer> {
  const server = await startScriptedImap(opts);
  closers.push(() => server.close());
  return onePort(server.port, server.user, server.password);
}

/** A POP3 server answering each line with `reply(line)` (null: half a reply, then a reset); `greeting` null stays silent. */
async function scriptedPop3(
  reply: (line: string) => string | null,
  greeting: string | null = '+OK ready',
): Promise<number> {
  const server = await startLineServer({
    greeting: greeting === null ? undefined : `${greeting}\r\n`,
    onLine: (line, socket) => {
      const answer = reply(line);
      if (answer === null) {
        socket.write('+OK message follows\r\nFrom: half');
        socket.resetAndDestroy();
        return;
      }
      socket.write(`${answer}\r\n`);
      if (/^QUIT/i.test(line)) socket.end();
    },
  });
  closers.push(() => server.close());
  return server.port;
}

type Row = {
  behaviour: string;
  code: MailboxConnectionErrorCode;
  tlsProblem?: TlsProblem;
  /** Retrying cannot help: the mailbox goes to `error` and the owner is told. */
  needsOwner: boolean;
  /** The connection test shows it too (false: it shows only once mail is read or deleted). */
  inTest: boolean;
  /** Words the server said that must not reach the user. */
  serverWords?: RegExp;
  setup: () => Promise<MailboxFixture>;
};

/** An active mailbox on `server` with an address of its own, as the sync and the connection test find it. */
const activeMailbox = (
  server: MailboxServer,
  protocol: 'imap' | 'imaps' | 'pop3' | 'pop3s',
  starttls: 'off' | 'required' = 'off',
  extra: Partial<typeof mailboxes.$inferInsert> = {},
) => makeMailbox(server, { protocol, starttls }, { state: 'active', email: unique(), ...extra });

/** A new user of a real server (Cyrus, Courier) whose active mailbox reaches it on one of its `port`s only. */
async function activeOnPort(
  server: Pick<MailboxServer, 'addUser'>,
  port: number,
  protocol: 'imap' | 'imaps' | 'pop3' | 'pop3s',
  starttls: 'off' | 'required' = 'off',
) {
  const { user, password } = await server.addUser();
  return activeMailbox(onePort(port, user, password), protocol, starttls);
}

const rows: Row[] = [
  {
    behaviour: 'wrong password (Cyrus IMAP)',
    code: 'auth',
    needsOwner: true,
    inTest: true,
    setup: async () => {
      const { user } = await cyrus.addUser();
      return activeMailbox(onePort(cyrus.ports.imap, user, 'not-the-password'), 'imap', 'required');
    },
  },
  {
    behaviour: 'passwords only over TLS (Courier IMAP, IMAP_TLS_REQUIRED)',
    code: 'tls-required',
    needsOwner: true,
    inTest: true,
    serverWords: /STARTTLS required/,
    setup: () => activeOnPort(courier, courier.edgePorts.imapTlsRequired, 'imap'),
  },
  {
    behaviour: 'APOP only (scripted POP3)',
    code: 'apop-only',
    needsOwner: true,
    inTest: true,
    serverWords: /USER\/PASS authentication not allowed/,
    setup: async () => {
      const port = await scriptedPop3(
        (line) => (/^USER /i.test(line) ? '-ERR USER/PASS authentication not allowed' : '-ERR unknown command'),
        '+OK POP3 ready <1896.697170952@scripted.test>',
      );
      return activeMailbox(onePort(port), 'pop3');
    },
  },
  {
    behaviour: 'no UIDPLUS (Cyrus, suppress_capabilities: UIDPLUS)',
    code: 'no-uidplus',
    needsOwner: true,
    inTest: true,
    setup: () => activeOnPort(cyrus, cyrus.edgePorts.imapNoUidplus, 'imap', 'required'),
  },
  {
    behaviour: 'no UIDL (scripted POP3)',
    code: 'no-uidl',
    needsOwner: true,
    inTest: true,
    setup: async () => {
      const port = await scriptedPop3((line) => {
        if (/^CAPA/i.test(line)) return '+OK\r\nUSER\r\n.';
        if (/^(USER|PASS|QUIT)/i.test(line)) return '+OK';
        return '-ERR unknown command';
      });
      return activeMailbox(onePort(port), 'pop3');
    },
  },
  {
    behaviour: 'missing folder (Courier: NO without [NONEXISTENT])',
    code: 'folder-missing',
    needsOwner: true,
    inTest: true,
    setup: async () => activeMailbox(courier, 'imaps', 'required', { folder: 'Gone' }),
  },
  {
    behaviour: 'over quota when deleting (scripted IMAP: NO [OVERQUOTA] to UID STORE)',
    code: 'quota',
    needsOwner: true,
    inTest: false,
    serverWords: /Quota exceeded/,
    setup: async () =>
      activeMailbox(
        await scriptedImap({
          messages: [mail('one')],
          intercept: (cmd) => {
            if (cmd.name !== 'UID STORE') return false;
            cmd.socket.write(`${cmd.tag} NO [OVERQUOTA] Quota exceeded (mailbox for user is full)\r\n`);
            return true;
          },
        }),
        'imap',
      ),
  },
  {
    behaviour: 'no greeting (scripted IMAP that never speaks)',
    code: 'timeout',
    needsOwner: false,
    inTest: true,
    setup: async () => activeMailbox(await scriptedImap({ greeting: null }), 'imap'),
  },
  {
    behaviour: 'TLS on a plain port (IMAPS to Courier’s plain IMAP port)',
    code: 'tls',
    tlsProblem: 'not-tls',
    needsOwner: true,
    inTest: true,
    setup: () => activeOnPort(courier, courier.ports.imap, 'imaps', 'required'),
  },
  {
    behaviour: 'plain on a TLS port (POP3 to Cyrus’s POP3S port)',
    code: 'tls',
    tlsProblem: 'tls-port',
    needsOwner: true,
    inTest: true,
    setup: () => activeOnPort(cyrus, cyrus.ports.pop3s, 'pop3'),
  },
  {
    behaviour: 'certificate problem (Courier IMAPS, self-signed, verification on)',
    code: 'tls',
    tlsProblem: 'self-signed',
    needsOwner: true,
    inTest: true,
    setup: async () => activeMailbox(courier, 'imaps', 'required', { tlsVerify: true }),
  },
  {
    behaviour: 'connection reset mid-fetch (scripted IMAP)',
    code: 'connection-lost',
    needsOwner: false,
    inTest: false,
    setup: async () =>
      activeMailbox(
        await scriptedImap({
          messages: [mail('one'), mail('two')],
          intercept: (cmd) => {
            if (cmd.name !== 'UID FETCH' || !/BODY/i.test(cmd.args)) return false;
            cmd.socket.write('* 1 FETCH (UID 1 BODY[] {500}\r\nFrom: half');
            cmd.socket.resetAndDestroy();
            return true;
          },
        }),
        'imap',
      ),
  },
  {
    behaviour: 'connection reset mid-RETR (scripted POP3)',
    code: 'connection-lost',
    needsOwner: false,
    inTest: false,
    setup: async () => {
      const port = await scriptedPop3((line) => {
        const command = line.split(' ')[0].toUpperCase();
        if (command === 'CAPA') return '+OK\r\nUSER\r\nUIDL\r\n.';
        if (command === 'UIDL') return '+OK\r\n1 msg-1\r\n.';
        if (command === 'LIST') return '+OK\r\n1 120\r\n.';
        if (command === 'STAT') return '+OK 1 120';
        if (command === 'RETR') return null;
        return '+OK';
      });
      return activeMailbox(onePort(port), 'pop3');
    },
  },
];

const leaks = /internal|Failed query|update "|insert into|from "|\n\s+at |Error:/i;

describe('a mail server’s failure, in our code and our words', () => {
  it.each(rows.map((r) => ({ ...r, expected: r.tlsProblem ? `${r.code} (${r.tlsProblem})` : r.code })))(
    '$behaviour → $expected',
    async (row) => {
      const fx = await row.setup();
      const message = row.tlsProblem ? mailboxTestMessage.tls[row.tlsProblem] : undefined;
      const opts = { timeoutMs: 1000 };

      if (row.inTest) {
        const tested = await testStoredMailbox({ tenantId: fx.tenant.tenantId, mailboxId: fx.mailboxId }, opts);
        expect(tested).toMatchObject({ ok: false, error: { code: row.code } });
        if (!tested.ok) {
          if (row.tlsProblem) expect(tested.error).toMatchObject({ tlsProblem: row.tlsProblem, message });
          else expect(tested.error.message).toBe(mailboxTestMessage[row.code as Exclude<typeof row.code, 'tls'>]);
        }
      }

      // A sync, as the runner runs it (with a short timeout for the silent servers).
      const summary = await syncMailbox(fx.mailboxId, opts);
      expect(summary.error?.code).toBe(row.code);
      if (message) expect(summary.error?.message).toBe(message);
      const row1 = await getMailboxRow(fx.tenant.tenantId, fx.mailboxId);
      expect(row1.state).toBe(row.needsOwner ? 'error' : 'active');
      expect(row1.lastErrorCode).toBe(row.code);
      for (const text of [summary.error?.message ?? '', row1.lastError ?? '']) {
        expect(text).not.toMatch(leaks);
        if (row.serverWords) expect(text).not.toMatch(row.serverWords);
      }
      // The CLI says the same, with no SQL or stack, and a non-zero exit (it waits the full 30 s for a silent server).
      if (row.code === 'timeout' || row.tlsProblem === 'tls-port') return;
      const out = await runCliCaptured(['mailbox', 'sync', fx.mailboxId]);
      expect(out.code).toBe(1);
      expect(JSON.parse(out.stdout)).toMatchObject({ error: { code: row.code } });
      expect(out.stdout + out.stderr).not.toMatch(leaks);
    },
  );
});
