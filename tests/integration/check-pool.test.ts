// Sender verification and the spam headers run in the check pool, off the event loop that serves every
// tenant's pages (docs/architecture.md, invariant 9).
// Used to: mailauth ran on the main thread, about 3 ms of every new message. DNS is still asked through
// the resolver the sync run was given: the thread's questions come back to it over the task's port.
import { describe, expect, it } from 'vitest';
import { checkMessageInPool } from '@/lib/mail/pool/check-message-in-pool';
import { buildMail } from '@/tests/helpers/mail-builder';
import { dkimSigned, makeDkimKey, zoneResolver } from '@/tests/helpers/dns-zone';

const key = makeDkimKey('customer-a.test');
const zone = { txt: { [key.name]: [key.record], '_dmarc.customer-a.test': ['v=DMARC1; p=reject'] } };
const mail = (headers: Record<string, string> = {}) =>
  buildMail({ from: 'carol@customer-a.test', to: 'support@acme.test', subject: 'Hello', text: 'Hello\n', headers });
const verify = (timeoutMs = 5000) => ({ timeoutMs, trustedAuthservId: null });

describe('the check pool', () => {
  it("answers the thread's DNS questions with the run's resolver: a signed message verifies, an unsigned one fails DMARC", async () => {
    const asked: string[] = [];
    const resolver = zoneResolver(zone, asked);
    const signed = await checkMessageInPool(
      await dkimSigned(mail(), key),
      { fromAddress: 'carol@customer-a.test', verify: verify(), spam: null },
      resolver,
    );
    expect(signed.senderAuth).toMatchObject({ method: 'checked', dmarc: 'pass', verified: true });
    expect(asked).toContain(`TXT ${key.name}`);
    const unsigned = await checkMessageInPool(
      mail(),
      { fromAddress: 'carol@customer-a.test', verify: verify(), spam: null },
      resolver,
    );
    expect(unsigned.senderAuth).toMatchObject({ dmarc: 'fail', dmarcPolicy: 'reject', verified: false });
    expect(signed.spamFromHeaders).toBeNull();
  });

  it("a resolver that never answers ends at the check's deadline as unverified, and the next message is checked", async () => {
    const silent = await checkMessageInPool(
      mail(),
      { fromAddress: 'carol@customer-a.test', verify: verify(200), spam: null },
      () => new Promise(() => {}),
    );
    expect(silent.senderAuth).toMatchObject({ verified: false, dmarc: 'temperror' });
    expect(silent.senderAuth?.summary).toMatch(/did not finish in time/);
    const next = await checkMessageInPool(
      mail(),
      { fromAddress: 'carol@customer-a.test', verify: verify(), spam: null },
      zoneResolver(zone),
    );
    expect(next.senderAuth).toMatchObject({ dmarc: 'fail', verified: false });
  });

  it("reads the receiving server's spam headers in the thread; with verification off no DNS is asked", async () => {
    const asked: string[] = [];
    const spam = { spamFilter: true, spamScoreThreshold: null, spamSclThreshold: 5 };
    const flagged = await checkMessageInPool(
      mail({ 'X-Spam-Flag': 'YES' }),
      { fromAddress: 'carol@customer-a.test', verify: null, spam },
      zoneResolver(zone, asked),
    );
    expect(flagged).toEqual({
      senderAuth: null,
      spamFromHeaders: { spam: true, source: 'X-Spam-Flag', detail: 'YES' },
    });
    expect(asked).toEqual([]);
  });
});
