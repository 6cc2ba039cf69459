// Sender verification against a zone made in the test: DKIM keys generated here, messages signed
// here, DMARC and SPF records served by a resolver stub (no network).
import { describe, expect, it } from 'vitest';
import { verifySender } from '@/lib/mail/verify/verify-sender';
import { buildMail } from '../helpers/mail-builder';
import { dkimSigned, makeDkimKey, zoneResolver } from '../helpers/dns-zone';

const key = makeDkimKey('customer-a.test');
const zone = {
  txt: {
    [key.name]: [key.record],
    '_dmarc.customer-a.test': ['v=DMARC1; p=reject'],
    'customer-a.test': ['v=spf1 ip4:192.0.2.10 -all'],
    'nodmarc.test': ['v=spf1 ip4:192.0.2.20 -all'],
  },
};
const opts = { resolver: zoneResolver(zone), timeoutMs: 5000 };
const mail = (from: string, headers: Record<string, string> = {}) =>
  buildMail({ from, to: 'support@acme.test', subject: 'Re: [Case #7]', text: 'Hello\n', headers });

describe('verifySender', () => {
  it('a From domain with DMARC p=reject and no signature fails DMARC', async () => {
    const auth = await verifySender(mail('carol@customer-a.test'), 'carol@customer-a.test', opts);
    expect(auth).toMatchObject({ method: 'checked', fromDomain: 'customer-a.test', dmarc: 'fail', verified: false });
    expect(auth.dmarcPolicy).toBe('reject');
    expect(auth.summary).toMatch(/DMARC fails for customer-a\.test/);
  });

  it('the same message DKIM-signed by the From domain passes DMARC', async () => {
    const signed = await dkimSigned(mail('carol@customer-a.test'), key);
    const auth = await verifySender(signed, 'carol@customer-a.test', opts);
    expect(auth).toMatchObject({ dmarc: 'pass', verified: true });
    expect(auth.dkim).toEqual([{ result: 'pass', domain: 'customer-a.test', aligned: true }]);
  });

  it('a signature by another domain does not align and does not verify', async () => {
    const other = makeDkimKey('mailer.example');
    const signed = await dkimSigned(mail('carol@customer-a.test'), other);
    const auth = await verifySender(signed, 'carol@customer-a.test', {
      ...opts,
      resolver: zoneResolver({ txt: { ...zone.txt, [other.name]: [other.record] } }),
    });
    expect(auth.dkim).toEqual([{ result: 'pass', domain: 'mailer.example', aligned: false }]);
    expect(auth).toMatchObject({ dmarc: 'fail', verified: false });
  });

  it('a body changed after signing does not pass DKIM (mailauth: neutral, body hash did not verify)', async () => {
    const signed = (await dkimSigned(mail('carol@customer-a.test'), key)).toString().replace('Hello', 'Pay me');
    const auth = await verifySender(Buffer.from(signed), 'carol@customer-a.test', opts);
    expect(auth.dkim[0]).toMatchObject({ domain: 'customer-a.test', result: 'neutral', aligned: false });
    expect(auth).toMatchObject({ dmarc: 'fail', verified: false });
  });

  it('SPF is checked for the client address of the topmost Received header', async () => {
    const received = (ip: string) => ({
      Received: `from mx.nodmarc.test (mx.nodmarc.test [${ip}]) by mx.acme.test with ESMTPS; Mon, 1 Dec 2026 10:00:00 +0000`,
      'Return-Path': '<bounce@nodmarc.test>',
    });
    const pass = await verifySender(mail('dan@nodmarc.test', received('192.0.2.20')), 'dan@nodmarc.test', opts);
    expect(pass.spf).toEqual({ result: 'pass', domain: 'nodmarc.test', aligned: true });
    expect(pass).toMatchObject({ dmarc: 'none', verified: true });
    const fail = await verifySender(mail('dan@nodmarc.test', received('198.51.100.1')), 'dan@nodmarc.test', opts);
    expect(fail.spf.result).toBe('fail');
    expect(fail).toMatchObject({ dmarc: 'none', verified: false });
    expect(fail.summary).toMatch(/publishes no DMARC record and neither SPF nor DKIM passes/);
  });

  it('no DNS records at all: unverified, after one DMARC lookup and nothing slow', async () => {
    const asked: string[] = [];
    const auth = await verifySender(mail('ann@example.test'), 'ann@example.test', {
      resolver: zoneResolver({}, asked),
      timeoutMs: 5000,
    });
    expect(auth).toMatchObject({ dmarc: 'none', verified: false });
    expect(asked).toEqual(['TXT _dmarc.example.test']);
  });

  it('a resolver that never answers ends at the deadline as unverified', async () => {
    const started = Date.now();
    const auth = await verifySender(mail('carol@customer-a.test'), 'carol@customer-a.test', {
      resolver: () => new Promise(() => {}),
      timeoutMs: 200,
    });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(auth).toMatchObject({ verified: false, dmarc: 'temperror' });
    expect(auth.summary).toMatch(/did not finish in time/);
  });

  describe('trusting a receiving server', () => {
    const trusted = { ...opts, resolver: zoneResolver({}), trustedAuthservId: 'mx.acme.test' };

    it("the topmost Authentication-Results of the named server decides, not the sender's own", async () => {
      const raw = Buffer.concat([
        Buffer.from(
          'Authentication-Results: mx.acme.test; spf=none; dkim=none;\r\n dmarc=fail (p=reject) header.from=customer-a.test\r\n',
        ),
        mail('carol@customer-a.test', {
          'Authentication-Results': 'mx.acme.test; dmarc=pass header.from=customer-a.test',
        }),
      ]);
      const auth = await verifySender(raw, 'carol@customer-a.test', trusted);
      expect(auth).toMatchObject({ method: 'authentication-results', authservId: 'mx.acme.test', dmarc: 'fail' });
      expect(auth.verified).toBe(false);
    });

    it('dmarc=pass from the named server verifies; the same from another server does not', async () => {
      const header = (id: string) =>
        Buffer.concat([
          Buffer.from(
            `Authentication-Results: ${id};\r\n dkim=pass header.d=customer-a.test header.s=sel1;\r\n dmarc=pass (p=REJECT) header.from=customer-a.test\r\n`,
          ),
          mail('carol@customer-a.test'),
        ]);
      expect((await verifySender(header('mx.acme.test'), 'carol@customer-a.test', trusted)).verified).toBe(true);
      const elsewhere = await verifySender(header('mx.elsewhere.test'), 'carol@customer-a.test', trusted);
      expect(elsewhere.verified).toBe(false);
      expect(elsewhere.summary).toMatch(/no Authentication-Results from mx\.acme\.test/);
    });

    it('without a dmarc result, an aligned SPF or DKIM pass verifies', async () => {
      const raw = Buffer.concat([
        Buffer.from(
          'Authentication-Results: mx.acme.test 1; spf=pass (sender ok) smtp.mailfrom=bounce@news.nodmarc.test\r\n',
        ),
        mail('dan@nodmarc.test'),
      ]);
      const auth = await verifySender(raw, 'dan@nodmarc.test', trusted);
      expect(auth.spf).toEqual({ result: 'pass', domain: 'news.nodmarc.test', aligned: true });
      expect(auth.verified).toBe(true);
    });
  });
});
