// SASL responses and TLS error wording used by the POP3 client.
import tls from 'node:tls';
import { describe, expect, it } from 'vitest';
import { describeTlsError } from '@/lib/mail/pop3/describe-tls-error';
import { socketError } from '@/lib/mail/pop3/pop3-error';
import { saslOauthbearer, saslPlain, saslXoauth2 } from '@/lib/mail/pop3/sasl';
import { makeCertificate } from '../helpers/server-process';

const decode = (b64: string) => Buffer.from(b64, 'base64').toString('utf8');

describe('POP3 SASL responses', () => {
  it('PLAIN is NUL user NUL password in UTF-8', () => {
    expect(decode(saslPlain('support@example.org', 'pä ss'))).toBe('\0support@example.org\0pä ss');
  });

  it('XOAUTH2 is user=…^Aauth=Bearer …^A^A', () => {
    expect(decode(saslXoauth2('someuser@example.com', 'ya29.vF9dft4qmTc2Nvb3RlckBhdHRhdmlzdGEuY29tCg'))).toBe(
      'user=someuser@example.com\x01auth=Bearer ya29.vF9dft4qmTc2Nvb3RlckBhdHRhdmlzdGEuY29tCg\x01\x01',
    );
    // Google's documented example for the same user and token.
    expect(saslXoauth2('someuser@example.com', 'ya29.vF9dft4qmTc2Nvb3RlckBhdHRhdmlzdGEuY29tCg')).toBe(
      'dXNlcj1zb21ldXNlckBleGFtcGxlLmNvbQFhdXRoPUJlYXJlciB5YTI5LnZGOWRmdDRxbVRjMk52YjNSbGNrQmhkSFJoZG1semRHRXVZMjl0Q2cBAQ==',
    );
  });

  it('OAUTHBEARER carries a GS2 header with the escaped user, host and port', () => {
    expect(decode(saslOauthbearer('a,b=c@example.org', 'tok', 'pop.example.org', 995))).toBe(
      'n,a=a=2Cb=3Dc@example.org,\x01host=pop.example.org\x01port=995\x01auth=Bearer tok\x01\x01',
    );
  });
});

describe('TLS and socket errors in words', () => {
  it.each([
    ['DEPTH_ZERO_SELF_SIGNED_CERT', /self-signed/],
    ['SELF_SIGNED_CERT_IN_CHAIN', /self-signed/],
    ['CERT_HAS_EXPIRED', /expired/],
    ['ERR_TLS_CERT_ALTNAME_INVALID', /not issued for mail\.example\.org \(hostname mismatch\)/],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', /unknown authority/],
  ])('%s is explained', (code, words) => {
    expect(describeTlsError(Object.assign(new Error('x'), { code }), 'mail.example.org')).toMatch(words);
  });

  it('a plain-text server on a TLS port is explained as a port/security mix-up', () => {
    expect(
      describeTlsError(
        Object.assign(new Error('1C:error:0A00010B:SSL routines::wrong version number'), {
          code: 'ERR_SSL_WRONG_VERSION_NUMBER',
        }),
        'h',
      ),
    ).toMatch(/did not answer with TLS/);
  });

  it('errors unrelated to TLS are not described as TLS', () => {
    expect(
      describeTlsError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), 'h'),
    ).toBeUndefined();
  });

  it.each([
    ['ECONNREFUSED', 'refused'],
    ['ENOTFOUND', 'dns'],
    ['EAI_AGAIN', 'dns'],
    ['ETIMEDOUT', 'timeout'],
    ['ECONNRESET', 'closed'],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'tls'],
  ])('socket error %s becomes code %s', (code, expected) => {
    expect(socketError(Object.assign(new Error('x'), { code }), { host: 'h', port: 1 }).code).toBe(expected);
  });

  it('Node still reports a self-signed certificate with the code the wording relies on', async () => {
    // Guards the mapping against a Node upgrade renaming the code: a real handshake with a throwaway certificate.
    const fs = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cf-tls-'));
    await makeCertificate(`${dir}/k.pem`, `${dir}/c.pem`);
    const server = tls.createServer(
      { key: fs.readFileSync(`${dir}/k.pem`), cert: fs.readFileSync(`${dir}/c.pem`) },
      (s) => s.end(),
    );
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    const err = await new Promise<Error & { code?: string }>((resolve) => {
      const s = tls.connect({ host: '127.0.0.1', port, servername: 'localhost' });
      s.on('error', resolve);
      s.on('secureConnect', () => resolve(new Error('connected')));
    });
    server.close();
    fs.rmSync(dir, { recursive: true, force: true });
    expect(err.code).toBe('DEPTH_ZERO_SELF_SIGNED_CERT');
  });
});
