// The rules simulator shows the checks a sync makes before its transaction (sender verification,
// the spam verdict) and what they change, like ingestion: a forged "Re: [Case #N]" is held as
// unverified sender, the same message signed joins; spam is held; an unverified new sender gets a case
// without an acknowledgement. DNS answers come from a zone made in the test.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { simulateWithChecks } from '@/lib/rules/simulate-message';
import { dkimSigned, makeDkimKey, zoneResolver } from '../helpers/dns-zone';
import { buildMail } from '../helpers/mail-builder';
import { makeMailboxRow, receiveMail } from '../helpers/receive-mail';
import { makeTenant } from '../helpers/tenant';

const key = makeDkimKey('customer-s.test');
const resolver = zoneResolver({
  txt: { [key.name]: [key.record], '_dmarc.customer-s.test': ['v=DMARC1; p=reject'] },
});
const uid = () => randomBytes(4).toString('hex');

async function setup() {
  const tenant = await makeTenant('simchk');
  const mailbox = await makeMailboxRow(tenant.tenantId, { senderVerification: 'enforce' });
  const mail = (subject: string, extraHeaders = '') => {
    const raw = buildMail({ from: 'Carol <carol@customer-s.test>', to: mailbox.email, subject, text: `Hi ${uid()}` });
    return extraHeaders ? Buffer.concat([Buffer.from(extraHeaders), raw]) : raw;
  };
  const simulate = (raw: Buffer) =>
    simulateWithChecks({ tenantId: tenant.tenantId, mailboxId: mailbox.id, source: { raw }, resolver });
  return { tenant, mailbox, mail, simulate };
}

describe('rules simulator with sender verification and spam', () => {
  it('shows a forged reply held as unverified sender, and the signed one joining its case', async () => {
    const { tenant, mailbox, mail, simulate } = await setup();
    const opened = await receiveMail(tenant.tenantId, mailbox, await dkimSigned(mail('Order 12'), key));
    if (opened.outcome !== 'created') throw new Error(opened.outcome);

    const forged = await simulate(mail(`Re: [Case #${opened.caseNumber}] Order 12`));
    expect(forged.outcome).toEqual({ outcome: 'ignored', kind: 'unverified-sender', reason: 'unverified-sender' });
    expect(forged.verification).toMatchObject({
      enforced: true,
      spam: null,
      senderAuth: { verified: false, dmarc: 'fail' },
    });
    expect(forged.verification?.senderAuth?.summary).toMatch(/DMARC fails for customer-s\.test/);

    const signed = await simulate(await dkimSigned(mail(`Re: [Case #${opened.caseNumber}] Order 12`), key));
    expect(signed.outcome).toMatchObject({ outcome: 'appended', caseNumber: opened.caseNumber, via: 'subject-token' });
    expect(signed.verification?.senderAuth).toMatchObject({ verified: true, dmarc: 'pass' });
  });

  it('shows spam held and an unverified new sender getting no acknowledgement', async () => {
    const { mail, simulate } = await setup();
    const spam = await simulate(await dkimSigned(mail('Cheap watches', 'X-Spam-Flag: YES\r\n'), key));
    expect(spam.outcome).toMatchObject({ outcome: 'ignored', kind: 'spam' });
    expect(spam.verification?.spam).toMatchObject({ spam: true });

    const unverified = await simulate(mail('New question'));
    expect(unverified.outcome).toMatchObject({ outcome: 'created', case: { acknowledge: false } });
    const verified = await simulate(await dkimSigned(mail('New question'), key));
    expect(verified.outcome).toMatchObject({ outcome: 'created', case: { acknowledge: true } });
  });
});
