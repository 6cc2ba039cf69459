// The wizard's "Test connection" tests the outgoing server too, against a real Dovecot (incoming) and a
// real SMTP server (the sink, requiring AUTH): connect, TLS, authenticate — and never send a message.
// It used to test only the incoming side, so a wrong SMTP port still said "Connected".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testMailboxSettings } from '@/lib/mailboxes/test-mailbox-settings';
import { freePort } from '../helpers/free-port';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink';
import { useDovecot } from '../helpers/use-dovecot';

const dovecot = useDovecot();
let user: string;
let password: string;
let plainSink: SmtpSink;
let tlsSink: SmtpSink;

beforeAll(async () => {
  ({ user, password } = await dovecot.addUser());
  [plainSink, tlsSink] = await Promise.all([
    startSmtpSink({ starttls: false, auth: { user, pass: password } }),
    startSmtpSink({ starttls: true, auth: { user, pass: password } }),
  ]);
});
afterAll(async () => {
  await Promise.all([plainSink?.stop(), tlsSink?.stop()]);
});

const input = (smtp: Record<string, unknown>) => ({
  email: `${user}@support.test`,
  username: user,
  password,
  protocol: 'imap',
  host: dovecot.host,
  port: dovecot.ports.imap,
  starttls: 'off',
  tlsVerify: false,
  smtp: { host: '127.0.0.1', sameAsIncoming: true, ...smtp },
});

describe('the wizard tests the outgoing server', () => {
  it('a working SMTP server is reported connected and signed in, and receives no message', async () => {
    const result = await testMailboxSettings(input({ port: plainSink.port, security: 'none' }));
    expect(result).toMatchObject({ ok: true, outgoing: { ok: true } });
    // STARTTLS with authentication, certificate not verified (the mailbox's own setting covers both servers).
    const secured = await testMailboxSettings(input({ port: tlsSink.port, security: 'starttls' }));
    expect(secured).toMatchObject({ ok: true, outgoing: { ok: true } });
    expect(plainSink.messages.length + tlsSink.messages.length).toBe(0);
  });

  it('a wrong SMTP port is reported while the incoming side still connects', async () => {
    const closed = await freePort();
    const result = await testMailboxSettings(input({ port: closed, security: 'none' }));
    expect(result.ok).toBe(true);
    expect(result.outgoing).toEqual({
      ok: false,
      error: {
        code: 'refused',
        message: `Nothing accepted the connection to the outbound server 127.0.0.1:${closed}.`,
      },
    });
  });

  it('a wrong SMTP password and a TLS mismatch are reported as such', async () => {
    const wrong = await testMailboxSettings(
      input({ port: plainSink.port, security: 'none', sameAsIncoming: false, username: user, password: 'wrong-pass' }),
    );
    expect(wrong.outgoing).toMatchObject({ ok: false, error: { code: 'auth' } });
    // Implicit TLS against a plain server.
    const mismatch = await testMailboxSettings(input({ port: plainSink.port, security: 'tls' }), { timeoutMs: 5_000 });
    expect(mismatch.outgoing?.ok).toBe(false);
    expect(plainSink.messages.length).toBe(0);
  });

  it('without an outgoing server there is nothing to test', async () => {
    const { smtp: _smtp, ...rest } = input({});
    const result = await testMailboxSettings({ ...rest, smtp: null });
    expect(result).toMatchObject({ ok: true, outgoing: null });
  });
});
