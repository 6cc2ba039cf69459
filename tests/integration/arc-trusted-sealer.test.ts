// ARC (RFC 8617) with a per-mailbox list of trusted sealers, through real Dovecot and PostgreSQL: a
// mailing list changes a DKIM-signed message (its subject tag breaks the author's signature, so DMARC
// fails here) and ARC-seals it, recording that the author's DMARC passed when it arrived there. Keys and
// records are made in the test and served to the sync by a resolver stub.
//   the sealer is trusted by the mailbox          → verified: the forwarded "Re: [Case #N]" joins the case
//   not trusted (or its own check said dmarc=fail) → unverified: held as unverified-sender
import { randomBytes } from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import { sealMessage } from 'mailauth/lib/arc';
import { describe, expect, it } from 'vitest';
import { caseMessages, cases, ignoredMessages } from '@/db/schema';
import { withTenant } from '@/db/tenancy';
import { syncMailbox } from '@/lib/mailboxes/sync-mailbox';
import { dkimSigned, makeDkimKey, zoneResolver, type DkimKey } from '../helpers/dns-zone';
import { buildMail } from '../helpers/mail-builder';
import { makeMailbox, type MailboxFixture } from '../helpers/mailbox-fixture';
import { useDovecot } from '../helpers/use-dovecot';

const dovecot = useDovecot();

const author = makeDkimKey('customer-a.test');
const list = makeDkimKey('lists.forwarder.test', 'arc1');
const zone = {
  txt: {
    [author.name]: [author.record],
    [list.name]: [list.record],
    '_dmarc.customer-a.test': ['v=DMARC1; p=reject; adkim=r; aspf=r'],
  },
};
const uid = () => randomBytes(5).toString('hex');

async function mailbox(trustedArcSealers: string[]) {
  return makeMailbox(
    dovecot,
    { protocol: 'imap', starttls: 'off' },
    { state: 'active', senderVerification: 'enforce', trustedArcSealers },
  );
}

async function deliver(fx: MailboxFixture, raw: Buffer) {
  await dovecot.append(fx.user, [raw]);
  return syncMailbox(fx.mailboxId, { untilEmpty: true, dnsResolver: zoneResolver(zone) });
}

const carol = (fx: MailboxFixture, subject: string) =>
  buildMail({ from: 'Carol <carol@customer-a.test>', to: fx.address, subject, text: `Message ${uid()}` });

/** What the list does: tags the subject (the author's DKIM signature no longer verifies), then seals. */
async function throughList(signed: Buffer, sealer: DkimKey, listSawDmarc: 'pass' | 'fail'): Promise<Buffer> {
  const changed = Buffer.from(signed.toString('latin1').replace(/^Subject: /m, 'Subject: [support-list] '), 'latin1');
  const seal = {
    signingDomain: sealer.domain,
    selector: sealer.selector,
    privateKey: sealer.privateKey,
    cv: 'none',
    authResults: `${sealer.domain}; dkim=pass header.d=customer-a.test header.s=sel1; dmarc=${listSawDmarc} header.from=customer-a.test`,
  } as unknown as Parameters<typeof sealMessage>[1];
  return Buffer.concat([await sealMessage(changed, seal), changed]);
}

async function state(fx: MailboxFixture) {
  return withTenant(fx.tenant.tenantId, async (tx) => ({
    cases: await tx.select().from(cases).orderBy(asc(cases.number)),
    inbound: await tx
      .select()
      .from(caseMessages)
      .where(eq(caseMessages.direction, 'in'))
      .orderBy(asc(caseMessages.storedSeq)),
    ignored: await tx.select().from(ignoredMessages),
  }));
}

/** A case opened by Carol's own signed message; returns its number. */
async function openCase(fx: MailboxFixture): Promise<number> {
  expect(await deliver(fx, await dkimSigned(carol(fx, 'Invoice question'), author))).toMatchObject({ created: 1 });
  return Number((await state(fx)).cases[0].number);
}

/** Carol's reply to the case her message opened, signed by her, then re-sent and ARC-sealed by the list, whose own
 * DMARC check says `listSaw`. */
async function replyThroughList(fx: MailboxFixture, listSaw: 'pass' | 'fail'): Promise<Buffer> {
  const number = await openCase(fx);
  return throughList(await dkimSigned(carol(fx, `Re: [Case #${number}] Invoice question`), author), list, listSaw);
}

describe('ARC with trusted sealers', () => {
  it('a forwarded reply failing DMARC joins its case when a trusted sealer vouches for it', async () => {
    const fx = await mailbox(['forwarder.test']);
    const forwarded = await replyThroughList(fx, 'pass');
    expect(await deliver(fx, forwarded)).toMatchObject({ appended: 1, ignored: 0 });
    const s = await state(fx);
    expect(s.inbound).toHaveLength(2);
    expect(s.inbound[1].senderAuth).toMatchObject({
      verified: true,
      dmarc: 'fail',
      arc: 'pass',
      arcSealer: 'lists.forwarder.test',
      arcTrusted: true,
    });
    expect(s.inbound[1].senderAuth?.summary).toMatch(/trusted ARC sealer/);
  });

  it('the same forwarded reply is held as unverified sender when the mailbox does not trust the sealer', async () => {
    const fx = await mailbox([]);
    const forwarded = await replyThroughList(fx, 'pass');
    expect(await deliver(fx, forwarded)).toMatchObject({ appended: 0, ignored: 1 });
    const s = await state(fx);
    expect(s.inbound).toHaveLength(1);
    expect(s.ignored[0]).toMatchObject({ kind: 'unverified-sender' });
    expect(s.ignored[0].senderAuth).toMatchObject({ verified: false, dmarc: 'fail', arc: 'pass', arcTrusted: false });
  });

  it('a trusted sealer whose own check found DMARC failing does not vouch', async () => {
    const fx = await mailbox(['lists.forwarder.test']);
    const forwarded = await replyThroughList(fx, 'fail');
    expect(await deliver(fx, forwarded)).toMatchObject({ appended: 0, ignored: 1 });
    expect((await state(fx)).ignored[0].senderAuth).toMatchObject({ verified: false, arcTrusted: false });
  });
});
