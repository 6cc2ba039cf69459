// Caseflow's POP3 client against a real Dovecot: connection security, errors, exact bytes, pipelining, deletion at QUIT.
import { describe, expect, it } from 'vitest';
import { Pop3Client, Pop3Error, type Pop3Options } from '@/lib/mail/pop3/client';
import { freePort } from '../helpers/free-port';
import { buildMail, buildMailbox } from '../helpers/mail-builder';
import { useDovecot } from '../helpers/use-dovecot';

const dovecot = useDovecot();

type Account = { user: string; password: string };

const options = (account: Account, over: Partial<Pop3Options> = {}): Pop3Options => ({
  host: 'localhost',
  address: dovecot.host,
  port: dovecot.ports.pop3,
  security: 'none',
  tlsVerify: true,
  ca: dovecot.caPem,
  auth: { user: account.user, password: account.password },
  timeoutMs: 10_000,
  ...over,
});

const mail = (i: number, extra: Partial<Parameters<typeof buildMail>[0]> = {}) =>
  buildMail({
    from: `c${i}@example.org`,
    to: 'support@caseflow.test',
    subject: `pop3 message ${i}`,
    text: `body ${i}`,
    messageId: `p${i}-${Math.random()}@example.org`,
    ...extra,
  });

async function failure(promise: Promise<unknown>): Promise<Pop3Error> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(Pop3Error);
    return err as Pop3Error;
  }
  throw new Error('expected the call to fail');
}

async function withClient<T>(opts: Pop3Options, fn: (c: Pop3Client) => Promise<T>): Promise<T> {
  const client = await Pop3Client.connect(opts);
  try {
    return await fn(client);
  } finally {
    client.destroy();
  }
}

describe('POP3 client against Dovecot', () => {
  it.each([
    ['plain POP3', 'none', 'pop3', false],
    ['STLS', 'starttls', 'pop3', true],
    ['POP3S', 'tls', 'pop3s', true],
  ] as const)('connects and signs in over %s', async (_name, security, port, secure) => {
    const account = await dovecot.addUser();
    await dovecot.append(account.user, [mail(1), mail(2)]);
    await withClient(options(account, { security, port: dovecot.ports[port] }), async (client) => {
      expect(client.secure).toBe(secure);
      expect(client.capabilities).toContain('UIDL');
      expect(client.capabilities).toContain('PIPELINING');
      expect((await client.stat()).count).toBe(2);
      await client.quit();
    });
  });

  it('signs in with SASL PLAIN, with a password holding spaces and non-ASCII', async () => {
    const account = await dovecot.addUser(undefined, 'pä ss wörd');
    await withClient(options(account), async (client) => {
      expect(client.authMethod).toBe('PLAIN');
      expect(await client.stat()).toEqual({ count: 0, size: 0 });
    });
  });

  it('a wrong password fails with code auth and a message that is not the server text', async () => {
    const account = await dovecot.addUser();
    const err = await failure(Pop3Client.connect(options({ ...account, password: 'wrong' })));
    expect(err.code).toBe('auth');
    expect(err.message).toMatch(/username or password/);
    expect(err.message).not.toMatch(/Authentication failed/);
    dovecot.clearAuthPenalty();
  });

  it('a closed port fails with code refused', async () => {
    const port = await freePort();
    const err = await failure(Pop3Client.connect(options({ user: 'x', password: 'y' }, { port })));
    expect(err.code).toBe('refused');
  });

  it.each([
    ['POP3S', 'tls', 'pop3s'],
    ['STLS', 'starttls', 'pop3'],
  ] as const)(
    'a self-signed certificate with verification on fails over %s with code tls, saying so',
    async (_n, security, port) => {
      const account = await dovecot.addUser();
      const err = await failure(
        Pop3Client.connect(options(account, { security, port: dovecot.ports[port], ca: undefined })),
      );
      expect(err.code).toBe('tls');
      expect(err.message).toMatch(/self-signed/);
    },
  );

  it('the same self-signed certificate is accepted when verification is off', async () => {
    const account = await dovecot.addUser();
    await withClient(
      options(account, { security: 'tls', port: dovecot.ports.pop3s, ca: undefined, tlsVerify: false }),
      async (client) => {
        expect(client.secure).toBe(true);
      },
    );
  });

  it('a certificate for another name fails with code tls and says hostname mismatch', async () => {
    const account = await dovecot.addUser();
    const err = await failure(
      Pop3Client.connect(
        options(account, { host: 'mail.caseflow-elsewhere.test', security: 'tls', port: dovecot.ports.pop3s }),
      ),
    );
    expect(err.code).toBe('tls');
    expect(err.message).toMatch(/hostname mismatch/);
    expect(err.message).toContain('mail.caseflow-elsewhere.test');
  });

  it('POP3S settings against the plain port fail with code tls, not a hang', async () => {
    const account = await dovecot.addUser();
    const err = await failure(Pop3Client.connect(options(account, { security: 'tls', port: dovecot.ports.pop3 })));
    expect(err.code).toBe('tls');
  });

  it('UIDL, LIST and RETR describe the mailbox; DELE removes exactly the deleted messages at QUIT', async () => {
    const account = await dovecot.addUser();
    const messages = [mail(1), mail(2), mail(3), mail(4)];
    await dovecot.append(account.user, messages);
    await withClient(options(account), async (client) => {
      const uidl = await client.uidl();
      expect(uidl.map((u) => u.n)).toEqual([1, 2, 3, 4]);
      expect(new Set(uidl.map((u) => u.uid)).size).toBe(4);
      const list = await client.list();
      expect(list).toEqual(messages.map((m, i) => ({ n: i + 1, size: m.length })));
      expect((await client.retr(3)).equals(messages[2])).toBe(true);
      await client.dele(1);
      await client.deleMany([3, 4]);
      // Until QUIT the other session sees everything.
      expect(await dovecot.count(account.user)).toBe(4);
      await client.quit();
    });
    const left = await dovecot.fetchAll(account.user);
    expect(left.map((m) => m.source.equals(messages[1]))).toEqual([true]);
  });

  it('RETR of a deleted or missing message fails with code protocol and the session goes on', async () => {
    const account = await dovecot.addUser();
    await dovecot.append(account.user, [mail(1)]);
    await withClient(options(account), async (client) => {
      expect((await failure(client.retr(7))).code).toBe('protocol');
      await client.dele(1);
      expect((await failure(client.retr(1))).code).toBe('protocol');
      expect(await client.stat()).toEqual({ count: 0, size: 0 });
    });
  });

  it('an 8-bit windows-1252 message and lines starting with "." arrive byte-identical', async () => {
    const account = await dovecot.addUser();
    const cp1252 = mail(1, {
      subject: 'Grüße aus Köln',
      text: 'Grüße, ça coûte 5 € — “quoted”\n.\n..two dots\n.one dot\n',
      charset: 'windows-1252',
    });
    expect(cp1252.some((b) => b >= 0x80)).toBe(true);
    const dotted = mail(2, { text: '.\r\n.\r\n..\r\n. \r\n.end' });
    await dovecot.append(account.user, [cp1252, dotted]);
    const served = await dovecot.fetchAll(account.user);
    await withClient(options(account), async (client) => {
      const got = [await client.retr(1), await client.retr(2)];
      expect(got[0].equals(cp1252)).toBe(true);
      expect(got[1].equals(dotted)).toBe(true);
      expect(got[0].equals(served[0].source)).toBe(true);
    });
  });

  it('a 6 MB message with a 1 MB line arrives intact over POP3S', async () => {
    const account = await dovecot.addUser();
    const big = mail(1, {
      text:
        'x'.repeat(1024 * 1024) +
        '\n' +
        Array.from({ length: 60_000 }, (_, i) => `.line ${i} ${'y'.repeat(80)}`).join('\n'),
      transferEncoding: 'quoted-printable',
    });
    const raw = Buffer.concat([
      big.subarray(0, big.indexOf('\r\n\r\n') + 4),
      Buffer.from('z'.repeat(1024 * 1024) + '\r\n'),
      big.subarray(big.indexOf('\r\n\r\n') + 4),
    ]);
    await dovecot.append(account.user, [raw], { via: 'maildir' });
    await withClient(options(account, { security: 'tls', port: dovecot.ports.pop3s }), async (client) => {
      expect((await client.retr(1)).equals(raw)).toBe(true);
    });
  });

  it('retrMany fetches 300 messages pipelined, in order, byte-identical', async () => {
    const account = await dovecot.addUser();
    const messages = buildMailbox(300, 11);
    await dovecot.append(account.user, messages, { via: 'maildir' });
    const seen: number[] = [];
    await withClient(options(account, { security: 'tls', port: dovecot.ports.pop3s }), async (client) => {
      const ns = (await client.uidl()).map((u) => u.n);
      await client.retrMany(ns, async (n, raw) => {
        // A slow consumer must not reorder or lose replies.
        if (n % 50 === 0) await new Promise((r) => setTimeout(r, 20));
        expect(raw.equals(messages[n - 1])).toBe(true);
        seen.push(n);
      });
      expect(seen).toEqual(ns);
      expect(ns).toHaveLength(300);
      await client.deleMany(ns);
      await client.quit();
    });
    expect(await dovecot.count(account.user)).toBe(0);
  });

  it('when onMessage throws, retrMany stops, reports the error and the session stays usable', async () => {
    const account = await dovecot.addUser();
    const messages = buildMailbox(20, 12);
    await dovecot.append(account.user, messages, { via: 'maildir' });
    await withClient(options(account), async (client) => {
      const got: number[] = [];
      await expect(
        client.retrMany(
          messages.map((_, i) => i + 1),
          (n) => {
            if (n === 5) throw new Error('database down');
            got.push(n);
          },
        ),
      ).rejects.toThrow('database down');
      expect(got).toEqual([1, 2, 3, 4]);
      expect((await client.retr(20)).equals(messages[19])).toBe(true);
      expect((await client.stat()).count).toBe(20);
    });
  });

  it('a connection cut after DELE and before QUIT deletes nothing', async () => {
    const account = await dovecot.addUser();
    const messages = buildMailbox(12, 13);
    await dovecot.append(account.user, messages);
    const first = await Pop3Client.connect(options(account));
    const uidsBefore = await first.uidl();
    await first.deleMany(uidsBefore.map((u) => u.n));
    first.destroy();
    await expect(first.stat()).rejects.toMatchObject({ code: 'closed' });

    await withClient(options(account), async (client) => {
      expect(await client.uidl()).toEqual(uidsBefore);
      for (const { n } of uidsBefore) expect((await client.retr(n)).equals(messages[n - 1])).toBe(true);
    });
    expect(await dovecot.count(account.user)).toBe(12);
  });

  it('commands issued concurrently are answered in turn', async () => {
    const account = await dovecot.addUser();
    const messages = [mail(1), mail(2), mail(3)];
    await dovecot.append(account.user, messages);
    await withClient(options(account), async (client) => {
      const [a, b, stat, c] = await Promise.all([client.retr(1), client.retr(2), client.stat(), client.retr(3)]);
      expect([a, b, c].map((m, i) => m.equals(messages[i]))).toEqual([true, true, true]);
      expect(stat.count).toBe(3);
    });
  });
});
