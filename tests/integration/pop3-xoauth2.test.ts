// POP3 sign-in with an OAuth 2.0 access token (SASL XOAUTH2) against Dovecot's oauth2 passdb.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Pop3Client, Pop3Error, type Pop3Options } from '@/lib/mail/pop3/client';
import { startDovecot, type TestDovecot } from '../helpers/dovecot';
import { buildMail } from '../helpers/mail-builder';

// The test's own token introspection endpoint: Dovecot POSTs token=… and learns whose token it is.
const tokens = new Map<string, string>();
const introspected: string[] = [];
const introspection = http.createServer((req, res) => {
  let body = '';
  req.on('data', (d) => (body += d));
  req.on('end', () => {
    const token = new URLSearchParams(body).get('token') ?? '';
    introspected.push(token);
    const user = tokens.get(token);
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(user ? { active: true, username: user } : { active: false }));
  });
});

let dovecot: TestDovecot;
beforeAll(async () => {
  await new Promise<void>((resolve) => introspection.listen(0, '127.0.0.1', resolve));
  const { port } = introspection.address() as AddressInfo;
  dovecot = await startDovecot({ oauth2: { introspectionUrl: `http://127.0.0.1:${port}/introspect` } });
});
afterAll(async () => {
  await dovecot?.stop();
  await new Promise((resolve) => introspection.close(resolve));
});

const options = (user: string, accessToken: string, over: Partial<Pop3Options> = {}): Pop3Options => ({
  host: 'localhost',
  address: dovecot.host,
  port: dovecot.ports.pop3s,
  security: 'tls',
  tlsVerify: true,
  ca: dovecot.caPem,
  auth: { user, accessToken },
  timeoutMs: 10_000,
  ...over,
});

describe('POP3 XOAUTH2', () => {
  it.each([
    ['POP3S', 'tls', 'pop3s'],
    ['STLS', 'starttls', 'pop3'],
  ] as const)('a valid access token signs in over %s and reads the mailbox', async (_n, security, port) => {
    const { user } = await dovecot.addUser();
    const token = `ya29.good-${user}`;
    tokens.set(token, user);
    const raw = buildMail({ from: 'a@example.org', to: `${user}@example.test`, subject: 'oauth', text: 'hello' });
    await dovecot.append(user, [raw]);
    const client = await Pop3Client.connect(options(user, token, { security, port: dovecot.ports[port] }));
    try {
      expect(client.authMethod).toBe('XOAUTH2');
      expect((await client.retr(1)).equals(raw)).toBe(true);
      await client.quit();
    } finally {
      client.destroy();
    }
    expect(introspected).toContain(token);
  });

  it('an unknown or expired access token fails with code auth', async () => {
    const { user } = await dovecot.addUser();
    const err = await Pop3Client.connect(options(user, 'ya29.expired')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Pop3Error);
    expect((err as Pop3Error).code).toBe('auth');
    expect((err as Pop3Error).message).toMatch(/access token/);
    dovecot.clearAuthPenalty();
  });

  it("a token that belongs to another user does not open this user's mailbox", async () => {
    const a = await dovecot.addUser();
    const b = await dovecot.addUser();
    tokens.set(`ya29.of-${a.user}`, a.user);
    const err = await Pop3Client.connect(options(b.user, `ya29.of-${a.user}`)).catch((e: unknown) => e);
    expect((err as Pop3Error).code).toBe('auth');
    dovecot.clearAuthPenalty();
  });

  it('passwords still work next to the oauth2 passdb', async () => {
    const account = await dovecot.addUser();
    const client = await Pop3Client.connect({ ...options(account.user, 'unused'), auth: account });
    try {
      expect(client.authMethod).toBe('PLAIN');
    } finally {
      client.destroy();
    }
  });
});
