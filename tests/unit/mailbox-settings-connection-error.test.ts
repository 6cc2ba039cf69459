// Connection failures from imapflow, node:tls and the POP3 client read as our own typed errors,
// in our own words: TLS certificate problems by name, never the server's text.
import { describe, expect, it } from 'vitest';
import { classifyServerError, mailboxTestMessage, toMailboxConnectionError } from '@/lib/mailboxes/connection-error';
import { describeSyncError } from '@/lib/mailboxes/sync-error';
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
    const tlsProblems = [
      ['DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed'],
      ['CERT_HAS_EXPIRED', 'expired'],
      ['ERR_TLS_CERT_ALTNAME_INVALID', 'hostname-mismatch'],
      ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'unknown-ca'],
      ['ERR_SSL_WRONG_VERSION_NUMBER', 'not-tls'],
    ];
    for (const [code, tlsProblem] of tlsProblems) {
      expect(toMailboxConnectionError(socketError(nodeError(code), where)), code).toMatchObject({
        reason: 'tls',
        tlsProblem,
      });
    }
    expect(
      toMailboxConnectionError(
        new Pop3Error('tls', 'The server does not offer STARTTLS (STLS) on this port, and STARTTLS is required.'),
      ),
    ).toMatchObject({
      tlsProblem: 'no-starttls',
    });
  });

  it('maps the POP3 client’s other codes', () => {
    // A dropped connection ('closed') is retried, not blamed on the server's protocol.
    const reasons = [
      ['auth', 'auth'],
      ['timeout', 'timeout'],
      ['closed', 'connection-lost'],
      ['tls-required', 'tls-required'],
      ['apop-only', 'apop-only'],
      ['protocol', 'protocol'],
    ] as const;
    for (const [code, reason] of reasons)
      expect(toMailboxConnectionError(new Pop3Error(code, 'x')).reason).toBe(reason);
  });
});

describe('a sync’s error, read the way the connection test reads it', () => {
  it.each([
    [{ serverResponseCode: 'PRIVACYREQUIRED', responseStatus: 'NO' }, 'tls-required'],
    [Object.assign(new Error('Login is disabled'), { authenticationFailed: true }), 'tls-required'],
    [{ serverResponseCode: 'OVERQUOTA', responseStatus: 'NO', responseText: 'Quota exceeded' }, 'quota'],
    [{ responseStatus: 'NO', responseText: 'Mailbox is over quota', executedCommand: 'A5 UID STORE' }, 'quota'],
    [{ mailboxMissing: true, responseStatus: 'NO', responseText: 'Mailbox does not exist' }, 'folder-missing'],
    [nodeError('ECONNRESET'), 'connection-lost'],
    [nodeError('NoConnection'), 'connection-lost'],
    [{ responseStatus: 'BAD', responseText: 'what?', executedCommand: 'A7 UID FETCH' }, 'protocol'],
  ])('%o → %s, in our words', (err, code) => {
    const described = describeSyncError(err);
    expect(described.code).toBe(code);
    expect(described.message).not.toMatch(/Quota exceeded|over quota|does not exist on imap|what\?|Login is disabled/);
    expect(classifyServerError(err)?.reason).toBe(code);
  });

  it('an error no server caused (a failed query) is internal, with a generic message and no SQL', () => {
    const dbError = new Error('Failed query: update "mailboxes" set "import_uid_next" = $4 params: NaN');
    expect(classifyServerError(dbError)).toBeUndefined();
    const described = describeSyncError(dbError);
    expect(described).toMatchObject({ code: 'internal', mailboxState: undefined });
    expect(described.message).not.toMatch(/query|mailboxes|NaN/i);
  });

  it('moves the mailbox to error only when retrying cannot help', () => {
    expect(describeSyncError({ serverResponseCode: 'OVERQUOTA' }).mailboxState).toBe('error');
    expect(describeSyncError(new Pop3Error('apop-only', 'x')).mailboxState).toBe('error');
    expect(describeSyncError(nodeError('ECONNRESET')).mailboxState).toBeUndefined();
    expect(describeSyncError(nodeError('GREETING_TIMEOUT')).mailboxState).toBeUndefined();
  });
});
