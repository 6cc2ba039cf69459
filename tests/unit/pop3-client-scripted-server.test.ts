// The POP3 client against small scripted servers, for server behaviour Dovecot does not show:
// no CAPA, no PIPELINING, no UIDL, no STLS, silence, hang-ups, XOAUTH2 error challenges, RFC 3206 codes.
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Pop3Client, Pop3Error, type Pop3Options } from '@/lib/mail/pop3/client';
import { rejectionOf } from '../helpers/rejection-of';

type Conversation = {
  send(text: string): void;
  /** The next command line the client sent, without CRLF. */
  line(): Promise<string>;
  /** Command lines already received but not yet read with line(). */
  pending(): number;
  close(): void;
};

const servers: net.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

async function scriptedServer(script: (c: Conversation) => Promise<void>): Promise<number> {
  const server = net.createServer((socket) => {
    let buffer = '';
    const lines: string[] = [];
    let waiter: (() => void) | undefined;
    socket.on('data', (d) => {
      buffer += d.toString('latin1');
      let at: number;
      while ((at = buffer.indexOf('\r\n')) >= 0) {
        lines.push(buffer.slice(0, at));
        buffer = buffer.slice(at + 2);
      }
      waiter?.();
    });
    socket.on('error', () => {});
    const conversation: Conversation = {
      send: (text) => socket.write(text),
      line: async () => {
        while (!lines.length) await new Promise<void>((r) => (waiter = r));
        return lines.shift()!;
      },
      pending: () => lines.length,
      close: () => socket.destroy(),
    };
    script(conversation).catch(() => socket.destroy());
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as net.AddressInfo).port;
}

const opts = (port: number, over: Partial<Pop3Options> = {}): Pop3Options => ({
  host: '127.0.0.1',
  port,
  security: 'none',
  tlsVerify: true,
  auth: { user: 'support', password: 'secret' },
  timeoutMs: 2000,
  ...over,
});

/** Answers CAPA with `caps` (or -ERR when undefined) and accepts USER/PASS or AUTH PLAIN for support/secret. */
async function signIn(c: Conversation, caps: string[] | undefined) {
  for (;;) {
    const cmd = await c.line();
    if (cmd === 'CAPA') c.send(caps ? `+OK\r\n${caps.join('\r\n')}\r\n.\r\n` : '-ERR unknown command\r\n');
    else if (cmd === 'USER support') c.send('+OK\r\n');
    else if (cmd === 'PASS secret') return c.send('+OK logged in\r\n');
    else if (cmd === 'AUTH PLAIN') {
      c.send('+ \r\n');
      const response = Buffer.from(await c.line(), 'base64').toString();
      if (response !== '\0support\0secret') return c.send('-ERR [AUTH] bad\r\n');
      return c.send('+OK logged in\r\n');
    } else c.send('-ERR unexpected\r\n');
  }
}

/** Greets, signs in as `signIn` does, and answers the CAPA a client sends after signing in with the same `caps`. */
async function greetAndSignIn(c: Conversation, caps: string[]) {
  c.send('+OK\r\n');
  await signIn(c, caps);
  expect(await c.line()).toBe('CAPA');
  c.send(`+OK\r\n${caps.join('\r\n')}\r\n.\r\n`);
}

/** A server that signs the client in (USER only), then expects each command in turn and gives its one-line answer. */
function signedInThenAnswering(exchanges: [command: string, answer: string][]): Promise<number> {
  return scriptedServer(async (c) => {
    await greetAndSignIn(c, ['USER']);
    for (const [command, answer] of exchanges) {
      expect(await c.line()).toBe(command);
      c.send(`${answer}\r\n`);
    }
  });
}

/** Greets with `greeting`, offers USER, takes the user name, and answers the password with `passAnswer`. */
function answeringPass(greeting: string, passAnswer: string): Promise<number> {
  return scriptedServer(async (c) => {
    c.send(`${greeting}\r\n`);
    expect(await c.line()).toBe('CAPA');
    c.send('+OK\r\nUSER\r\n.\r\n');
    await c.line(); // USER support
    c.send('+OK\r\n');
    await c.line(); // PASS secret
    c.send(`${passAnswer}\r\n`);
  });
}

const message = (i: number) => `Subject: m${i}\r\n\r\nbody ${i}\r\n`;

describe('POP3 client against scripted servers', () => {
  it('a server without CAPA or SASL gets USER/PASS and still serves UIDL and RETR', async () => {
    const port = await scriptedServer(async (c) => {
      c.send('+OK ready\r\n');
      await signIn(c, undefined);
      expect(await c.line()).toBe('CAPA');
      c.send('-ERR\r\n');
      expect(await c.line()).toBe('UIDL');
      c.send('+OK\r\n1 abc\r\n2 def\r\n.\r\n');
      expect(await c.line()).toBe('RETR 2');
      c.send(`+OK\r\n${message(2)}.\r\n`);
    });
    const client = await Pop3Client.connect(opts(port));
    expect(client.authMethod).toBe('USER');
    expect(client.capabilities).toEqual([]);
    expect(await client.uidl()).toEqual([
      { n: 1, uid: 'abc' },
      { n: 2, uid: 'def' },
    ]);
    expect((await client.retr(2)).toString()).toBe(message(2));
    client.destroy();
  });

  it('without PIPELINING, retrMany sends each RETR only after the previous reply', async () => {
    let overlapped = false;
    const port = await scriptedServer(async (c) => {
      await greetAndSignIn(c, ['USER', 'UIDL']);
      for (let i = 1; i <= 5; i++) {
        expect(await c.line()).toBe(`RETR ${i}`);
        await new Promise((r) => setTimeout(r, 15));
        if (c.pending() > 0) overlapped = true;
        c.send(`+OK\r\n${message(i)}.\r\n`);
      }
    });
    const client = await Pop3Client.connect(opts(port));
    const got: string[] = [];
    await client.retrMany([1, 2, 3, 4, 5], (_n, raw) => {
      got.push(raw.toString());
    });
    expect(got).toEqual([1, 2, 3, 4, 5].map(message));
    expect(overlapped).toBe(false);
    client.destroy();
  });

  it('with PIPELINING, retrMany and deleMany send commands ahead of the replies', async () => {
    let overlapped = 0;
    const port = await scriptedServer(async (c) => {
      await greetAndSignIn(c, ['USER', 'UIDL', 'PIPELINING']);
      for (const verb of ['RETR', 'DELE']) {
        for (let i = 1; i <= 5; i++) {
          expect(await c.line()).toBe(`${verb} ${i}`);
          await new Promise((r) => setTimeout(r, 15));
          if (c.pending() > 0) overlapped++;
          c.send(verb === 'RETR' ? `+OK\r\n${message(i)}.\r\n` : '+OK deleted\r\n');
        }
      }
    });
    const client = await Pop3Client.connect(opts(port));
    const got: number[] = [];
    await client.retrMany([1, 2, 3, 4, 5], (n) => {
      got.push(n);
    });
    await client.deleMany([1, 2, 3, 4, 5]);
    expect(got).toEqual([1, 2, 3, 4, 5]);
    expect(overlapped).toBeGreaterThanOrEqual(6);
    client.destroy();
  });

  it('a server without UIDL gives code protocol with a clear reason', async () => {
    const port = await signedInThenAnswering([
      ['UIDL', '-ERR command not implemented'],
      ['STAT', '+OK 3 300'],
    ]);
    const client = await Pop3Client.connect(opts(port));
    const err = await rejectionOf(client.uidl(), Pop3Error);
    expect(err.code).toBe('protocol');
    expect(err.message).toMatch(/UIDL/);
    expect(await client.stat()).toEqual({ count: 3, size: 300 });
    client.destroy();
  });

  it('STARTTLS required but not offered fails with code tls before any password is sent', async () => {
    let sawPassword = false;
    const port = await scriptedServer(async (c) => {
      c.send('+OK\r\n');
      for (;;) {
        const cmd = await c.line();
        if (cmd === 'CAPA') c.send('+OK\r\nUSER\r\nUIDL\r\n.\r\n');
        else {
          if (/^(PASS|AUTH|USER)/.test(cmd)) sawPassword = true;
          c.send('-ERR\r\n');
        }
      }
    });
    const err = await rejectionOf(Pop3Client.connect(opts(port, { security: 'starttls' })), Pop3Error);
    expect(err.code).toBe('tls');
    expect(err.message).toMatch(/STARTTLS/);
    expect(sawPassword).toBe(false);
  });

  it('a server that goes silent fails with code timeout', async () => {
    const port = await scriptedServer(async (c) => {
      c.send('+OK\r\n');
      await c.line(); // CAPA, never answered
      await new Promise((r) => setTimeout(r, 5000));
    });
    const err = await rejectionOf(Pop3Client.connect(opts(port, { timeoutMs: 150 })), Pop3Error);
    expect(err.code).toBe('timeout');
  });

  it('a server that never greets fails with code timeout', async () => {
    const port = await scriptedServer(() => new Promise((r) => setTimeout(r, 5000)));
    expect((await rejectionOf(Pop3Client.connect(opts(port, { timeoutMs: 150 })), Pop3Error)).code).toBe('timeout');
  });

  it('a hang-up in the middle of RETR fails with code closed, and so does every later command', async () => {
    const port = await scriptedServer(async (c) => {
      await greetAndSignIn(c, ['USER']);
      await c.line();
      c.send('+OK\r\nSubject: half\r\n\r\nhalf a bo');
      await new Promise((r) => setTimeout(r, 20));
      c.close();
    });
    const client = await Pop3Client.connect(opts(port));
    expect((await rejectionOf(client.retr(1), Pop3Error)).code).toBe('closed');
    expect((await rejectionOf(client.stat(), Pop3Error)).code).toBe('closed');
  });

  it('the mailbox being in use (RFC 3206 [IN-USE]) is not reported as a wrong password', async () => {
    const port = await answeringPass('+OK', '-ERR [IN-USE] Mailbox locked by another session');
    const err = await rejectionOf(Pop3Client.connect(opts(port)), Pop3Error);
    expect(err.code).toBe('protocol');
    expect(err.message).toMatch(/in use/);
  });

  it('error messages never echo the banner or the server text', async () => {
    const port = await answeringPass(
      '+OK SECRET-BANNER internal-host-17 ready',
      '-ERR SECRET-BANNER user support unknown at internal-host-17',
    );
    const err = await rejectionOf(Pop3Client.connect(opts(port)), Pop3Error);
    expect(err.code).toBe('auth');
    expect(err.message).not.toMatch(/SECRET|internal-host/);
  });

  it('a host name that does not resolve fails with code dns', async () => {
    const err = await rejectionOf(Pop3Client.connect(opts(110, { host: 'caseflow-nonexistent.invalid' })), Pop3Error);
    expect(err.code).toBe('dns');
    expect(err.message).toContain('caseflow-nonexistent.invalid');
  });

  it('a greeting other than +OK fails with code protocol', async () => {
    const port = await scriptedServer(async (c) => c.send('-ERR too many connections\r\n'));
    expect((await rejectionOf(Pop3Client.connect(opts(port)), Pop3Error)).code).toBe('protocol');
  });

  it('something that is not POP3 fails with code protocol', async () => {
    const port = await scriptedServer(async (c) => c.send('SSH-2.0-OpenSSH_9.2\r\n'));
    expect((await rejectionOf(Pop3Client.connect(opts(port)), Pop3Error)).code).toBe('protocol');
  });

  it('XOAUTH2 sends the token after the server prompt, and answers an error challenge with an empty line', async () => {
    const seen: string[] = [];
    const port = await scriptedServer(async (c) => {
      c.send('+OK\r\n');
      await c.line();
      c.send('+OK\r\nSASL XOAUTH2 OAUTHBEARER\r\nUIDL\r\n.\r\n');
      seen.push(await c.line());
      c.send('+ \r\n');
      seen.push(Buffer.from(await c.line(), 'base64').toString());
      c.send('+ eyJzdGF0dXMiOiI0MDEiLCJzY2hlbWVzIjoiYmVhcmVyIn0=\r\n');
      seen.push(await c.line());
      c.send('-ERR [AUTH] Authentication failed.\r\n');
    });
    const err = await rejectionOf(
      Pop3Client.connect(opts(port, { auth: { user: 'support@example.org', accessToken: 'tok-1' } })),
      Pop3Error,
    );
    expect(err.code).toBe('auth');
    expect(err.message).toMatch(/access token/);
    expect(seen).toEqual(['AUTH XOAUTH2', 'user=support@example.org\x01auth=Bearer tok-1\x01\x01', '']);
  });

  it('OAUTHBEARER is used when the server offers it and not XOAUTH2', async () => {
    const port = await scriptedServer(async (c) => {
      c.send('+OK\r\n');
      await c.line();
      c.send('+OK\r\nSASL OAUTHBEARER\r\n.\r\n');
      expect(await c.line()).toBe('AUTH OAUTHBEARER');
      c.send('+ \r\n');
      expect(Buffer.from(await c.line(), 'base64').toString()).toBe(
        'n,a=support,\x01host=127.0.0.1\x01port=' + port + '\x01auth=Bearer tok\x01\x01',
      );
      c.send('+OK\r\n');
      await c.line();
      c.send('+OK\r\n.\r\n');
    });
    const client = await Pop3Client.connect(opts(port, { auth: { user: 'support', accessToken: 'tok' } }));
    expect(client.authMethod).toBe('OAUTHBEARER');
    client.destroy();
  });

  it('a password with a line break is refused before anything is sent', async () => {
    let commands = 0;
    const port = await scriptedServer(async (c) => {
      c.send('+OK\r\n');
      for (;;) {
        const cmd = await c.line();
        if (cmd !== 'CAPA') commands++;
        c.send(cmd === 'CAPA' ? '+OK\r\nUSER\r\n.\r\n' : '+OK\r\n');
      }
    });
    const err = await rejectionOf(
      Pop3Client.connect(opts(port, { auth: { user: 'support', password: 'x\r\nDELE 1' } })),
      Pop3Error,
    );
    expect(err.code).toBe('auth');
    expect(commands).toBe(0);
  });

  it('QUIT answered with -ERR reports that deletions may not have happened', async () => {
    const port = await signedInThenAnswering([
      ['DELE 1', '+OK'],
      ['QUIT', '-ERR some deleted messages not removed'],
    ]);
    const client = await Pop3Client.connect(opts(port));
    await client.dele(1);
    const err = await rejectionOf(client.quit(), Pop3Error);
    expect(err.code).toBe('protocol');
    expect(err.message).toMatch(/deleted/);
  });
});
