// Connection failures from imapflow, node:tls and the POP3 client read as our own typed errors,
// in our own words: TLS certificate problems by name, never the server's text.
import { describe, expect, it } from 'vitest';
import { mailboxTestMessage, toMailboxConnectionError } from '@/lib/mailboxes/connection-error';
import { Pop3Error } from '@/lib/mail/pop3/pop3-error';
import { socketError } from '@/lib/mail/pop3/pop3-error';
import { OutboundGuardError, privateAddressMessage } from '@/lib/net/outbound-guard';

function nodeError(code: string, message = 'internal detail from imap.corp.internal'): Error {
  return Object.assign(new Error(message), { code });
}

describe('toMailboxConnectionError', () => {
  it.each([
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed'],
    ['SELF_SIGNED_CERT_IN_CHAIN', 'self-signed'],
    ['CERT_HAS_EXPIRED', 'expired'],
    ['CERT_NOT_YET_VALID', 'not-yet-valid'],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'hostname-mismatch'],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'unknown-ca'],
    ['UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'unknown-ca'],
    ['CERT_REVOKED', 'revoked'],
    ['ERR_SSL_WRONG_VERSION_NUMBER', 'not-tls'],
    ['ERR_SSL_NO_PROTOCOLS_AVAILABLE', 'handshake'],
  ])('reads the TLS error %s as %s', (code, problem) => {
    const e = toMailboxConnectionError(nodeError(code));
    expect(e.reason).toBe('tls');
    expect(e.tlsProblem).toBe(problem);
    expect(e.message).toBe(mailboxTestMessage.tls[problem as keyof typeof mailboxTestMessage.tls]);
    expect(e.details).toEqual({ code: 'tls', tlsProblem: problem });
  });

  it('finds the certificate problem behind an imapflow STARTTLS failure', () => {
    const upgrade = Object.assign(nodeError('CERT_HAS_EXPIRED'), { tlsFailed: true });
    expect(toMailboxConnectionError(upgrade)).toMatchObject({ reason: 'tls', tlsProblem: 'expired' });
    const notOffered = Object.assign(new Error('Server does not support STARTTLS'), { tlsFailed: true });
    expect(toMailboxConnectionError(notOffered)).toMatchObject({ reason: 'tls', tlsProblem: 'no-starttls' });
  });

  it.each([
    [{ authenticationFailed: true, responseText: 'LOGIN failed for admin on imap.corp.internal' }, 'auth'],
    [{ serverResponseCode: 'AUTHENTICATIONFAILED' }, 'auth'],
    [{ mailboxMissing: true }, 'folder-missing'],
    [{ code: 'ECONNREFUSED' }, 'refused'],
    [{ code: 'EHOSTUNREACH' }, 'refused'],
    [{ code: 'CONNECT_TIMEOUT' }, 'timeout'],
    [{ code: 'GREETING_TIMEOUT' }, 'timeout'],
    [{ code: 'ENOTFOUND' }, 'dns'],
    [{ code: 'ParserError3' }, 'protocol'],
    [{ cause: { code: 'ECONNREFUSED' } }, 'refused'],
  ])('reads %o as %s, in our words only', (shape, reason) => {
    const e = toMailboxConnectionError(Object.assign(new Error('* BYE imap.corp.internal says no'), shape));
    expect(e.reason).toBe(reason);
    expect(e.message).not.toMatch(/corp\.internal|BYE/);
    expect(e.details).toEqual({ code: reason });
  });

  it('keeps the outbound guard’s reason and its one message', () => {
    expect(toMailboxConnectionError(new OutboundGuardError('private-address'))).toMatchObject({
      reason: 'private-address',
      message: privateAddressMessage,
    });
    expect(toMailboxConnectionError(new OutboundGuardError('dns'))).toMatchObject({
      reason: 'dns',
      message: mailboxTestMessage.dns,
    });
  });

  it('reads the POP3 client’s TLS sentences back as the certificate problem', () => {
    const where = { host: 'pop.example.test', port: 995 };
    expect(toMailboxConnectionError(socketError(nodeError('DEPTH_ZERO_SELF_SIGNED_CERT'), where))).toMatchObject({
      reason: 'tls',
      tlsProblem: 'self-signed',
    });
    expect(toMailboxConnectionError(socketError(nodeError('CERT_HAS_EXPIRED'), where))).toMatchObject({
      reason: 'tls',
      tlsProblem: 'expired',
    });
    expect(toMailboxConnectionError(socketError(nodeError('ERR_TLS_CERT_ALTNAME_INVALID'), where))).toMatchObject({
      reason: 'tls',
      tlsProblem: 'hostname-mismatch',
    });
    expect(toMailboxConnectionError(socketError(nodeError('UNABLE_TO_VERIFY_LEAF_SIGNATURE'), where))).toMatchObject({
      reason: 'tls',
      tlsProblem: 'unknown-ca',
    });
    expect(toMailboxConnectionError(socketError(nodeError('ERR_SSL_WRONG_VERSION_NUMBER'), where))).toMatchObject({
      reason: 'tls',
      tlsProblem: 'not-tls',
    });
    expect(
      toMailboxConnectionError(
        new Pop3Error('tls', 'The server does not offer STARTTLS (STLS) on this port, and STARTTLS is required.'),
      ),
    ).toMatchObject({
      tlsProblem: 'no-starttls',
    });
  });

  it('maps the POP3 client’s other codes', () => {
    expect(toMailboxConnectionError(new Pop3Error('auth', 'x')).reason).toBe('auth');
    expect(toMailboxConnectionError(new Pop3Error('timeout', 'x')).reason).toBe('timeout');
    // A dropped connection is retried, not blamed on the server's protocol.
    expect(toMailboxConnectionError(new Pop3Error('closed', 'x')).reason).toBe('connection-lost');
    expect(toMailboxConnectionError(new Pop3Error('tls-required', 'x')).reason).toBe('tls-required');
    expect(toMailboxConnectionError(new Pop3Error('apop-only', 'x')).reason).toBe('apop-only');
    expect(toMailboxConnectionError(new Pop3Error('protocol', 'x')).reason).toBe('protocol');
  });
});
