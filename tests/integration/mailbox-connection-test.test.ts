// The connection test against a real Dovecot: counts and
// capabilities per protocol, and each failure as its own typed error in our own words.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import tls from 'node:tls';
import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '@/db/tenancy';
import { mailboxTestMessage } from '@/lib/mailboxes/connection-error';
import { createMailbox } from '@/lib/mailboxes/create-mailbox';
import {
  testMailboxConnection,
  testStoredMailbox,
  type MailboxTestResult,
  type MailboxTestTarget,
} from '@/lib/mailboxes/test-connection';
import { privateAddressMessage } from '@/lib/net/outbound-guard';
import { freePort } from '../helpers/free-port';
import { startLineServer, type LineServer } from '../helpers/line-server';
import { buildMail } from '../helpers/mail-builder';
import { makeTenant } from '../helpers/tenant';
import { unroutableTable } from '../helpers/unroutable-addresses';
import { useDovecot } from '../helpers/use-dovecot';

const dovecot = useDovecot();
let user: string;
let password: string;

beforeAll(async () => {
  ({ user, password } = await dovecot.addUser());
  await dovecot.append(
    user,
    [1, 2, 3].map((i) =>
      buildMail({
        from: `Customer ${i} <c${i}@example.org>`,
        to: `${user}@support.test`,
        subject: `Question ${i}`,
        text: 'Hello',
      }),
    ),
  );
});

type Protocol = MailboxTestTarget['protocol'];

function target(protocol: Protocol, over: Partial<MailboxTestTarget> = {}): MailboxTestTarget {
  return {
    protocol,
    host: dovecot.host,
    port: dovecot.ports[protocol],
    starttls: 'required',
    tlsVerify: true,
    username: user,
    folder: 'INBOX',
    ...over,
  };
}

/** The test Dovecot's certificate is trusted here unless a test says otherwise. */
const trusted = () => ({ ca: dovecot.caPem, timeoutMs: 10_000 });

function expectFailure(result: MailboxTestResult, code: string) {
  expect(result.ok).toBe(false);
  if (result.ok) return undefined as never;
  expect(result.error.code).toBe(code);
  return result.error;
}

describe.each([
  { name: 'IMAP with STARTTLS', protocol: 'imap' as const, starttls: 'required' as const, caps: ['UIDPLUS', 'IDLE'] },
  { name: 'IMAP without STARTTLS', protocol: 'imap' as const, starttls: 'off' as const, caps: ['UIDPLUS', 'IDLE'] },
  { name: 'IMAPS', protocol: 'imaps' as const, starttls: 'required' as const, caps: ['UIDPLUS', 'IDLE'] },
  { name: 'POP3 with STLS', protocol: 'pop3' as const, starttls: 'required' as const, caps: ['UIDL'] },
  { name: 'POP3 without STLS', protocol: 'pop3' as const, starttls: 'off' as const, caps: ['UIDL'] },
  { name: 'POP3S', protocol: 'pop3s' as const, starttls: 'required' as const, caps: ['UIDL'] },
])('$name', ({ protocol, starttls, caps }) => {
  it('reports the number of messages present and the capabilities that matter, with the certificate verified', async () => {
    const result = await testMailboxConnection(target(protocol, { starttls }), { password }, trusted());
    expect(result).toEqual({ ok: true, messageCount: 3, capabilities: expect.arrayContaining(caps) });
    expect(await dovecot.count(user)).toBe(3);
  });

  it('says the username or password was rejected, without echoing the password', async () => {
    const canary = `canary-${randomBytes(6).toString('hex')}`;
    const result = await testMailboxConnection(target(protocol, { starttls }), { password: canary }, trusted());
    const error = expectFailure(result, 'auth');
    expect(error.message).toBe(mailboxTestMessage.auth);
    expect(JSON.stringify(result)).not.toContain(canary);
    dovecot.clearAuthPenalty();
  });

  it('says nothing listens on a closed port', async () => {
    const port = await freePort();
    const error = expectFailure(
      await testMailboxConnection(target(protocol, { starttls, port }), { password }, trusted()),
      'refused',
    );
    expect(error.message).toBe(mailboxTestMessage.refused);
  });

  it('refuses a private address when ALLOW_PRIVATE_HOSTS does not list it, with the guard’s one message', async () => {
    // Documentation, CGNAT, benchmarking, Teredo, NAT64 and mapped forms used to get a connection attempt.
    for (const host of ['127.0.0.1', 'localhost', ...unroutableTable]) {
      const error = expectFailure(
        await testMailboxConnection(
          target(protocol, { starttls, host }),
          { password },
          { ...trusted(), allowPrivateHosts: '' },
        ),
        'private-address',
      );
      expect(error.message).toBe(privateAddressMessage);
    }
  });
});

describe('TLS problems in words', () => {
  it.each(['imaps', 'imap', 'pop3s', 'pop3'] as const)(
    'a self-signed certificate with verification on fails as tls over %s, naming the problem',
    async (protocol) => {
      const result = await testMailboxConnection(target(protocol), { password }, { timeoutMs: 10_000 });
      const error = expectFailure(result, 'tls');
      expect(error.tlsProblem).toBe('self-signed');
      expect(error.message).toMatch(/self-signed/);
      expect(JSON.stringify(result)).not.toContain(password);
    },
  );

  it('the same self-signed server passes with verification off', async () => {
    expect(
      await testMailboxConnection(target('imaps', { tlsVerify: false }), { password }, { timeoutMs: 10_000 }),
    ).toMatchObject({ ok: true, messageCount: 3 });
  });

  it('a host name the certificate does not name fails as a hostname mismatch', async () => {
    // Dovecot's certificate names localhost and 127.0.0.1; the same certificate served on ::1 does not match.
    const server = tls.createServer({
      key: fs.readFileSync(path.join(dovecot.dir, 'ssl/key.pem')),
      cert: dovecot.caPem,
    });
    server.on('secureConnection', (s) => s.end('* OK ready\r\n'));
    server.on('tlsClientError', () => {});
    await new Promise<void>((r) => server.listen(0, '::1', r));
    try {
      const port = (server.address() as net.AddressInfo).port;
      const error = expectFailure(
        await testMailboxConnection(target('imaps', { host: '::1', port }), { password }, trusted()),
        'tls',
      );
      expect(error.tlsProblem).toBe('hostname-mismatch');
      expect(error.message).toBe(mailboxTestMessage.tls['hostname-mismatch']);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  it('IMAPS pointed at the plain IMAP port says the server did not start TLS', async () => {
    const error = expectFailure(
      await testMailboxConnection(target('imaps', { port: dovecot.ports.imap }), { password }, trusted()),
      'tls',
    );
    expect(error.tlsProblem).toBe('not-tls');
  });
});

describe('other failures', () => {
  it('a folder that does not exist is folder-missing', async () => {
    const error = expectFailure(
      await testMailboxConnection(target('imaps', { folder: 'Support/Nope' }), { password }, trusted()),
      'folder-missing',
    );
    expect(error.message).toBe(mailboxTestMessage['folder-missing']);
  });

  it('a server that accepts the connection and never speaks times out', async () => {
    const silent = net.createServer(() => {});
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const sockets = new Set<net.Socket>();
    silent.on('connection', (s) => sockets.add(s));
    try {
      const port = (silent.address() as net.AddressInfo).port;
      for (const protocol of ['imap', 'pop3'] as const) {
        const error = expectFailure(
          await testMailboxConnection(target(protocol, { port }), { password }, { timeoutMs: 800 }),
          'timeout',
        );
        expect(error.message).toBe(mailboxTestMessage.timeout);
      }
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise((r) => silent.close(r));
    }
  });

  it('an unresolvable host name is dns', async () => {
    expectFailure(
      await testMailboxConnection(target('imaps', { host: 'no-such-host.invalid' }), { password }, trusted()),
      'dns',
    );
  });
});

/** A scripted server speaking just enough IMAP or POP3 to show a missing capability (`reply` null: hang up). */
function scriptedServer(greeting: string, reply: (line: string) => string | null): Promise<LineServer> {
  return startLineServer({
    greeting,
    onLine: (line, socket) => {
      const answer = reply(line);
      if (answer === null) socket.end();
      else socket.write(answer);
    },
  });
}

function imapWithout(capabilities: string) {
  return scriptedServer(`* OK [CAPABILITY IMAP4rev1 ${capabilities}] ready\r\n`, (line) => {
    const [tag, command] = line.split(' ');
    const name = (command ?? '').toUpperCase();
    if (name === 'CAPABILITY') return `* CAPABILITY IMAP4rev1 ${capabilities}\r\n${tag} OK done\r\n`;
    if (name === 'LOGOUT') return `* BYE\r\n${tag} OK bye\r\n`;
    return `${tag} OK done\r\n`;
  });
}

/** The connection test against a scripted server, which answers at once: 5 s is plenty. */
const testScripted = (t: MailboxTestTarget) => testMailboxConnection(t, { password }, { timeoutMs: 5000 });

describe('servers Caseflow cannot drain safely', () => {
  it('an IMAP server without UIDPLUS is refused as no-uidplus', async () => {
    const server = await imapWithout('IDLE');
    try {
      const result = await testScripted(target('imap', { port: server.port, starttls: 'off', tlsVerify: false }));
      expect(expectFailure(result, 'no-uidplus').message).toBe(mailboxTestMessage['no-uidplus']);
    } finally {
      await server.close();
    }
  });

  it('an IMAP server without STARTTLS fails when STARTTLS is required, before the password is sent', async () => {
    const lines: string[] = [];
    const server = await scriptedServer('* OK [CAPABILITY IMAP4rev1 UIDPLUS] ready\r\n', (line) => {
      lines.push(line);
      const [tag] = line.split(' ');
      return `${tag} OK done\r\n`;
    });
    try {
      const error = expectFailure(await testScripted(target('imap', { port: server.port })), 'tls');
      expect(error.tlsProblem).toBe('no-starttls');
      expect(lines.join('\n')).not.toContain(password);
    } finally {
      await server.close();
    }
  });

  it('a POP3 server without UIDL is refused as no-uidl', async () => {
    const server = await scriptedServer('+OK ready\r\n', (line) => {
      const command = line.split(' ')[0].toUpperCase();
      if (command === 'CAPA') return '+OK\r\nUSER\r\n.\r\n';
      if (command === 'UIDL') return '-ERR unknown command\r\n';
      if (command === 'STAT') return '+OK 2 200\r\n';
      if (command === 'QUIT') return '+OK bye\r\n';
      return '+OK\r\n';
    });
    try {
      const result = await testScripted(target('pop3', { port: server.port, starttls: 'off', tlsVerify: false }));
      expect(expectFailure(result, 'no-uidl').message).toBe(mailboxTestMessage['no-uidl']);
    } finally {
      await server.close();
    }
  });
});

describe('testing a stored mailbox', () => {
  it('uses the sealed password of the tenant’s mailbox and reports the count', async () => {
    const tenant = await makeTenant('conn');
    const created = await withTenant(tenant.tenantId, (tx) =>
      createMailbox(tx, {
        tenantId: tenant.tenantId,
        actor: { kind: 'cli' },
        input: {
          email: `${user}-${randomBytes(3).toString('hex')}@support.test`,
          username: user,
          password,
          protocol: 'imaps',
          host: 'localhost',
          port: dovecot.ports.imaps,
        },
      }),
    );
    expect(await testStoredMailbox({ tenantId: tenant.tenantId, mailboxId: created.id }, trusted())).toEqual({
      ok: true,
      messageCount: 3,
      capabilities: ['UIDPLUS', 'IDLE'],
    });
    const other = await makeTenant('conn-other');
    await expect(
      testStoredMailbox({ tenantId: other.tenantId, mailboxId: created.id }, trusted()),
    ).rejects.toMatchObject({ code: 'not_found' });
  });
});
