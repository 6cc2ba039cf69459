// Stored secrets stay with the server they were entered for (README "Security"). Each test points a mailbox
// at a recording "attacker" server — a fake IMAP server or a fake OAuth token endpoint — by changing only
// the host, port or URL, then presses "test" or pastes a code. Before this was fixed, the attacker's IMAP
// server received `AUTHENTICATE PLAIN` with the stored password, and its token endpoint the client secret.
import http from 'node:http';
import net from 'node:net';
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mailboxes } from '@/db/schema';
import { withTenant } from '@/db/tenancy';
import { PATCH as patchMailbox } from '@/app/api/v1/mailboxes/[id]/route';
import { createMailbox } from '@/lib/mailboxes/create-mailbox';
import { beginMailboxAuthorization } from '@/lib/mailboxes/oauth/begin-authorization';
import { completeMailboxAuthorization } from '@/lib/mailboxes/oauth/complete-authorization';
import { tokenColumns } from '@/lib/mailboxes/oauth/store-tokens';
import { testStoredMailbox } from '@/lib/mailboxes/test-connection';
import { updateMailbox } from '@/lib/mailboxes/update-mailbox';
import { apiKeyFor } from '../helpers/api-key';
import { getMailboxRow } from '../helpers/mailbox-fixture';
import { makeTenant, type TestTenant } from '../helpers/tenant';

const PASSWORD = 'the-stored-password-7f3a';
const SMTP_PASSWORD = 'the-stored-smtp-password-9c1d';
const CLIENT_SECRET = 'the-stored-client-secret-41be';
const ACCESS_TOKEN = 'the-stored-access-token-a77e';
const REFRESH_TOKEN = 'the-stored-refresh-token-5d02';

/** Everything a server received, decoded where a client would encode it (SASL base64, form bodies). */
type Recorder = { connections: number; received: string; url: string; port: number; stop: () => Promise<void> };

function sawSecret(r: Recorder, secrets: string[]): string | undefined {
  const decoded = r.received
    .split(/\s+/)
    .map((w) => Buffer.from(w, 'base64').toString('latin1'))
    .join(' ');
  const text = `${r.received} ${decodeURIComponent(r.received.replace(/\+/g, ' '))} ${decoded}`;
  return secrets.find((s) => text.includes(s));
}

/** A fake IMAP server: greets, offers AUTH=PLAIN, and records whatever the client sends; every login fails. */
async function startFakeImap(): Promise<Recorder> {
  const rec = { connections: 0, received: '' } as Recorder;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    rec.connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    socket.write('* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN UIDPLUS] ready\r\n');
    let buffer = '';
    let saslTag: string | null = null;
    const fail = (tag: string) => socket.write(`${tag} NO [AUTHENTICATIONFAILED] Authentication failed.\r\n`);
    socket.on('data', (chunk) => {
      rec.received += chunk.toString('latin1') + ' ';
      buffer += chunk.toString('latin1');
      let nl: number;
      while ((nl = buffer.indexOf('\r\n')) !== -1) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 2);
        if (saslTag) {
          fail(saslTag); // the SASL response line
          saslTag = null;
          continue;
        }
        const [tag, command = ''] = line.split(' ');
        if (/^capability$/i.test(command))
          socket.write(`* CAPABILITY IMAP4rev1 AUTH=PLAIN UIDPLUS\r\n${tag} OK done\r\n`);
        else if (/^authenticate$/i.test(command) && !/ PLAIN \S/i.test(line)) {
          saslTag = tag;
          socket.write('+ \r\n');
        } else if (/^(login|authenticate)$/i.test(command)) fail(tag);
        else if (/^logout$/i.test(command)) socket.end(`* BYE\r\n${tag} OK bye\r\n`);
        else socket.write(`${tag} BAD unknown\r\n`);
      }
    });
  });
  const port = await new Promise<number>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port)),
  );
  return Object.assign(rec, {
    port,
    url: `imap://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  });
}

/** A fake OAuth token endpoint that records every request and refuses every grant. */
async function startFakeTokenServer(): Promise<Recorder> {
  const rec = { connections: 0, received: '' } as Recorder;
  const server = http.createServer((req, res) => {
    rec.connections++;
    let body = `${req.method} ${req.url} ${req.headers.authorization ?? ''} `;
    req.on('data', (c: Buffer) => (body += c.toString('latin1')));
    req.on('end', () => {
      rec.received += body + '\n';
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'invalid_grant' }));
    });
  });
  const port = await new Promise<number>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port)),
  );
  return Object.assign(rec, {
    port,
    url: `http://127.0.0.1:${port}/token`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}

let legitImap: Recorder;
let attackerImap: Recorder;
let legitToken: Recorder;
let attackerToken: Recorder;

beforeAll(async () => {
  [legitImap, attackerImap, legitToken, attackerToken] = await Promise.all([
    startFakeImap(),
    startFakeImap(),
    startFakeTokenServer(),
    startFakeTokenServer(),
  ]);
});
afterAll(async () => {
  await Promise.all([legitImap, attackerImap, legitToken, attackerToken].map((r) => r?.stop()));
});
afterEach(() => {
  for (const r of [legitImap, attackerImap, legitToken, attackerToken]) {
    r.connections = 0;
    r.received = '';
  }
});

const actor = (t: TestTenant) => ({ kind: 'user' as const, userId: t.ownerUserId });
const unique = () => Math.random().toString(36).slice(2, 8);
const update = (t: TestTenant, id: string, input: Record<string, unknown>) =>
  withTenant(t.tenantId, (tx) => updateMailbox(tx, { id, input, actor: actor(t) }));
const refusal = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected the update to be refused');
    },
    (e: { code?: string; message: string; details?: { field?: string } }) => e,
  );

async function passwordMailbox(t: TestTenant, extra: Record<string, unknown> = {}) {
  return withTenant(t.tenantId, (tx) =>
    createMailbox(tx, {
      tenantId: t.tenantId,
      actor: actor(t),
      input: {
        email: `help-${unique()}@example.test`,
        protocol: 'imap',
        starttls: 'off',
        host: '127.0.0.1',
        port: legitImap.port,
        password: PASSWORD,
        ...extra,
      },
    }),
  );
}

describe('a password mailbox', () => {
  it('refuses a new port without the password, and "test" then reaches no other server', async () => {
    const t = await makeTenant('bound');
    const m = await passwordMailbox(t);
    const err = await refusal(update(t, m.id, { port: attackerImap.port }));
    expect(err.code).toBe('validation');
    expect(err.details?.field).toBe('password');
    expect(err.message).toMatch(/enter the password again/);

    await testStoredMailbox({ tenantId: t.tenantId, mailboxId: m.id }, { timeoutMs: 5_000 });
    expect(attackerImap.connections).toBe(0);
    expect(sawSecret(legitImap, [PASSWORD])).toBe(PASSWORD); // the real server still gets it: the check can see it
  });

  it('PATCH /api/v1/mailboxes/:id answers 422 naming the password for a new port, and 200 with it', async () => {
    const t = await makeTenant('bound');
    const m = await passwordMailbox(t);
    const key = await apiKeyFor(t.tenantId);
    const patch = (body: Record<string, unknown>) =>
      patchMailbox(
        new Request(`http://localhost/api/v1/mailboxes/${m.id}`, {
          method: 'PATCH',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        }),
        { params: Promise.resolve({ id: m.id }) },
      );

    const refused = await patch({ port: attackerImap.port });
    expect(refused.status).toBe(422);
    expect(JSON.stringify(await refused.json())).toMatch(/password/);
    expect((await getMailboxRow(t.tenantId, m.id)).port).toBe(legitImap.port);

    const renamed = await patch({ displayName: 'Support desk' });
    expect(renamed.status).toBe(200);
    expect(await renamed.json()).toMatchObject({ displayName: 'Support desk' });
    expect(attackerImap.connections).toBe(0);
  });

  it('refuses a new host, a new protocol and a weaker TLS setting without the password', async () => {
    const t = await makeTenant('bound');
    const m = await passwordMailbox(t, { protocol: 'imap', starttls: 'required', host: 'mail.example.test' });
    for (const change of [
      { host: 'localhost' },
      { protocol: 'imaps' },
      { starttls: 'off' },
      { tlsVerify: false },
      { host: '127.0.0.1', port: attackerImap.port, starttls: 'off' },
    ]) {
      const err = await refusal(update(t, m.id, change));
      expect(err.details?.field, JSON.stringify(change)).toBe('password');
    }
    // Harmless changes keep the password; a new host with the password re-entered is fine.
    await update(t, m.id, { displayName: 'Support', pollIntervalSeconds: 300 });
    const moved = await update(t, m.id, {
      host: '127.0.0.1',
      port: attackerImap.port,
      starttls: 'off',
      password: 'typed-again',
    });
    expect(moved).toMatchObject({ host: '127.0.0.1', port: attackerImap.port, hasPassword: true });
    await testStoredMailbox({ tenantId: t.tenantId, mailboxId: m.id }, { timeoutMs: 5_000 });
    expect(sawSecret(attackerImap, [PASSWORD])).toBeUndefined();
    expect(sawSecret(attackerImap, ['typed-again'])).toBe('typed-again');
  });

  it('refuses a new SMTP host or port without the SMTP password, and SMTP sharing the incoming password without it', async () => {
    const t = await makeTenant('bound');
    const own = await passwordMailbox(t, {
      smtp: { host: 'smtp.example.test', port: 587, username: 'relay', password: SMTP_PASSWORD },
    });
    for (const smtp of [{ host: 'smtp.attacker.test' }, { port: 2525 }, { security: 'none' }]) {
      const err = await refusal(update(t, own.id, { smtp }));
      expect(err.details?.field, JSON.stringify(smtp)).toBe('smtp.password');
      expect(err.message).toMatch(/enter the SMTP password again/);
    }
    // Switching SMTP to the incoming credentials sends the incoming password to the SMTP server.
    expect((await refusal(update(t, own.id, { smtp: { sameAsIncoming: true } }))).details?.field).toBe('password');
    const row = await getMailboxRow(t.tenantId, own.id);
    expect(row.smtpHost).toBe('smtp.example.test');

    const shared = await passwordMailbox(t, { smtp: { host: 'smtp.example.test', port: 587 } });
    expect((await refusal(update(t, shared.id, { smtp: { host: 'smtp.attacker.test' } }))).details?.field).toBe(
      'password',
    );
  });
});

describe('an OAuth mailbox', () => {
  async function oauthMailbox(t: TestTenant) {
    const m = await withTenant(t.tenantId, (tx) =>
      createMailbox(tx, {
        tenantId: t.tenantId,
        actor: actor(t),
        input: {
          authentication: 'oauth',
          email: `help-${unique()}@example.test`,
          protocol: 'imaps',
          host: '127.0.0.1',
          port: legitImap.port,
          oauth: {
            provider: 'custom',
            clientId: 'cid',
            clientSecret: CLIENT_SECRET,
            scope: 'mail',
            authorizationUrl: 'https://auth.example.test/authorize',
            tokenUrl: legitToken.url,
          },
        },
      }),
    );
    // An expired grant: the next use refreshes it at the token endpoint.
    await withTenant(t.tenantId, (tx) =>
      tx
        .update(mailboxes)
        .set({
          ...tokenColumns(
            t.tenantId,
            { accessToken: ACCESS_TOKEN, refreshToken: REFRESH_TOKEN, expiresIn: 3600 },
            new Date(Date.now() - 7200_000),
          ),
          state: 'active',
        })
        .where(eq(mailboxes.id, m.id)),
    );
    return m;
  }
  const secrets = [CLIENT_SECRET, ACCESS_TOKEN, REFRESH_TOKEN];

  it('a new token URL needs the client secret again; a pasted code then goes to the stored endpoint only', async () => {
    const t = await makeTenant('bound');
    const m = await oauthMailbox(t);
    const err = await refusal(update(t, m.id, { oauth: { tokenUrl: attackerToken.url } }));
    expect(err.details?.field).toBe('oauth.clientSecret');
    expect(err.message).toMatch(/enter the client secret again/);
    expect((await refusal(update(t, m.id, { oauth: { authorizationUrl: 'https://evil.test/a' } }))).code).toBe(
      'validation',
    );

    await withTenant(t.tenantId, (tx) =>
      beginMailboxAuthorization(tx, { tenantId: t.tenantId, mailboxId: m.id, userId: t.ownerUserId }),
    );
    await completeMailboxAuthorization({
      userId: t.ownerUserId,
      tenantId: t.tenantId,
      mailboxId: m.id,
      response: { code: 'any-code' },
    }).catch(() => {});
    expect(attackerToken.connections).toBe(0);
    expect(sawSecret(legitToken, [CLIENT_SECRET])).toBe(CLIENT_SECRET);
  });

  it('a new IMAP host drops the grant and the client secret must come again; the new host receives no token', async () => {
    const t = await makeTenant('bound');
    const m = await oauthMailbox(t);
    const err = await refusal(update(t, m.id, { port: attackerImap.port }));
    expect(err.details?.field).toBe('oauth.clientSecret');

    const moved = await update(t, m.id, { port: attackerImap.port, oauth: { clientSecret: 'a-new-secret' } });
    expect(moved.oauth).toMatchObject({ authorized: false });
    const row = await getMailboxRow(t.tenantId, m.id);
    expect(row.oauthAccessTokenSealed).toBeNull();
    expect(row.oauthRefreshTokenSealed).toBeNull();

    const result = await testStoredMailbox({ tenantId: t.tenantId, mailboxId: m.id }, { timeoutMs: 5_000 });
    expect(result.ok).toBe(false);
    expect(sawSecret(attackerImap, secrets)).toBeUndefined();
    expect(sawSecret(legitToken, secrets)).toBeUndefined();
    expect(sawSecret(attackerToken, secrets)).toBeUndefined();
  });
});
