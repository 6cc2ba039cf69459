// Spam at ingestion, through real Dovecot and PostgreSQL: the receiving server's verdict headers
// (SpamAssassin, rspamd, Microsoft 365) and scoring by a real rspamd (RSPAMD_URL) hold a message as
// spam: no case, no acknowledgement, no case.created; an agent can release it.
import { randomBytes } from 'node:crypto';
import { asc } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cases, ignoredMessages, outboxEvents } from '@/db/schema';
import { withTenant } from '@/db/tenancy';
import { resetEnvForTests } from '@/lib/env';
import { syncMailbox } from '@/lib/mailboxes/sync-mailbox';
import { addSenderEntry } from '@/lib/rules/sender-list-entries';
import { buildMail } from '../helpers/mail-builder';
import { makeMailbox, type MailboxFixture } from '../helpers/mailbox-fixture';
import { releaseIgnored } from '../helpers/release-ignored';
import { GTUBE, rspamdInstalled, startRspamd } from '../helpers/rspamd';
import { useDovecot } from '../helpers/use-dovecot';

const dovecot = useDovecot();

const uid = () => randomBytes(4).toString('hex');
const mailbox = (extra: Parameters<typeof makeMailbox>[2] = {}) =>
  makeMailbox(dovecot, { protocol: 'imap', starttls: 'off' }, { state: 'active', ...extra });
const mail = (fx: MailboxFixture, subject: string, headers: Record<string, string> = {}, text = 'Hello there.') =>
  buildMail({ from: `Ann <ann-${uid()}@customer.example>`, to: fx.address, subject, text, headers });

async function deliver(fx: MailboxFixture, messages: Buffer[]) {
  await dovecot.append(fx.user, messages);
  return syncMailbox(fx.mailboxId, { untilEmpty: true });
}

async function outcome(fx: MailboxFixture) {
  return withTenant(fx.tenant.tenantId, async (tx) => ({
    cases: await tx.select().from(cases),
    ignored: await tx.select().from(ignoredMessages).orderBy(asc(ignoredMessages.createdAt)),
    created: (await tx.select().from(outboxEvents)).filter((e) => e.type === 'case.created'),
  }));
}

const VERDICTS: [string, Record<string, string>][] = [
  ['X-Spam-Flag', { 'X-Spam-Flag': 'YES', 'X-Spam-Status': 'Yes, score=9.1 required=5.0 tests=GTUBE' }],
  ['X-Spam-Status', { 'X-Spam-Status': 'Yes, score=6.0 required=5.0 tests=BAYES_99' }],
  ['X-Rspamd-Action', { 'X-Rspamd-Action': 'add header', 'X-Rspamd-Score': '8.2' }],
  ['X-Spam', { 'X-Spam': 'Yes' }],
  ['X-MS-Exchange-Organization-SCL', { 'X-MS-Exchange-Organization-SCL': '9' }],
  ['X-Forefront-Antispam-Report', { 'X-Forefront-Antispam-Report': 'CIP:192.0.2.7;CTRY:;SCL:5;SFV:SPM;CAT:SPM;' }],
];

describe('spam verdict headers', () => {
  it('each format holds the message as spam: no case, no case.created; clean mail still opens a case', async () => {
    const fx = await mailbox();
    const summary = await deliver(fx, [
      ...VERDICTS.map(([name, headers]) => mail(fx, `Cheap pills via ${name}`, headers)),
      mail(fx, 'A real question', { 'X-Spam-Flag': 'NO', 'X-MS-Exchange-Organization-SCL': '1' }),
    ]);
    expect(summary).toMatchObject({ created: 1, ignored: VERDICTS.length });
    const o = await outcome(fx);
    expect(o.cases.map((c) => c.subject)).toEqual(['A real question']);
    expect(o.created).toHaveLength(1);
    expect(o.ignored.map((i) => [i.kind, i.reason]).sort()).toEqual(
      VERDICTS.map(([name]) => ['spam', `spam:${name}`]).sort(),
    );

    // An agent disagrees: the released message opens a case, without an acknowledgement.
    const released = await releaseIgnored(fx.tenant.tenantId, o.ignored[0].id);
    expect(released.outcome).toBe('created');
    const after = await outcome(fx);
    expect(after.created.at(-1)?.payload).toMatchObject({ released: true, acknowledge: false });
  });

  it('a score threshold, the filter switched off, and an allowed sender', async () => {
    const strict = await mailbox({ spamScoreThreshold: 7 });
    await deliver(strict, [
      mail(strict, 'Scored 6', { 'X-Spam-Status': 'Yes, score=6.0 required=5.0' }),
      mail(strict, 'Scored 8', { 'X-Spam-Status': 'No, score=8.0 required=9.0' }),
    ]);
    const s = await outcome(strict);
    expect(s.cases.map((c) => c.subject)).toEqual(['Scored 6']);
    expect(s.ignored.map((i) => i.reason)).toEqual(['spam:X-Spam-Status']);

    const off = await mailbox({ spamFilter: false });
    await deliver(off, [mail(off, 'Flagged but wanted', { 'X-Spam-Flag': 'YES' })]);
    expect((await outcome(off)).cases).toHaveLength(1);

    const allowing = await mailbox();
    await withTenant(allowing.tenant.tenantId, (tx) =>
      addSenderEntry(tx, {
        tenantId: allowing.tenant.tenantId,
        input: { kind: 'allowed', pattern: 'partner.example' },
        actor: { kind: 'system' },
      }),
    );
    await dovecot.append(allowing.user, [
      buildMail({
        from: 'bob@partner.example',
        to: allowing.address,
        subject: 'Partner mail',
        text: 'x',
        headers: { 'X-Spam-Flag': 'YES' },
      }),
    ]);
    await syncMailbox(allowing.mailboxId, { untilEmpty: true });
    expect((await outcome(allowing)).cases.map((c) => c.subject)).toEqual(['Partner mail']);
  });
});

describe.skipIf(!rspamdInstalled())('scoring by rspamd (RSPAMD_URL)', () => {
  let rspamd: Awaited<ReturnType<typeof startRspamd>>;
  beforeAll(async () => {
    rspamd = await startRspamd(process.env.SENDER_VERIFICATION_DNS ?? '127.0.0.1:1');
    process.env.RSPAMD_URL = rspamd.url;
    resetEnvForTests();
  }, 200_000);
  afterAll(async () => {
    delete process.env.RSPAMD_URL;
    resetEnvForTests();
    await rspamd?.stop();
  });

  it('GTUBE scored by rspamd is held as spam:rspamd; a plain question opens a case', async () => {
    const fx = await mailbox();
    const summary = await deliver(fx, [mail(fx, 'Probe', {}, `Test message.\n${GTUBE}\n`), mail(fx, 'Plain')]);
    expect(summary).toMatchObject({ created: 1, ignored: 1 });
    const o = await outcome(fx);
    expect(o.cases.map((c) => c.subject)).toEqual(['Plain']);
    expect(o.ignored[0]).toMatchObject({ kind: 'spam', reason: 'spam:rspamd', subject: 'Probe' });
    expect(o.created).toHaveLength(1);
  });
});
