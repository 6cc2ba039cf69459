// A mailbox's attachments policy (lib/cases/attachment-policy.ts), through real Dovecot and PostgreSQL:
// within the limits a message keeps its attachments; over them, "strip" keeps the case without them and
// says so in a note (the raw message keeps them), "hold" puts the message in the review queue as
// 'attachments-over-limit', and releasing it stores it whole. A mailbox without limits (the default)
// keeps every attachment, as before.
import { randomBytes } from 'node:crypto';
import { asc } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { attachments, caseMessages, cases, ignoredMessages, rawMessages } from '@/db/schema';
import { withTenant } from '@/db/tenancy';
import { syncMailbox } from '@/lib/mailboxes/sync-mailbox';
import { buildMail, type MailAttachment } from '../helpers/mail-builder';
import { makeMailbox, type MailboxFixture } from '../helpers/mailbox-fixture';
import { releaseIgnored } from '../helpers/release-ignored';
import { useDovecot } from '../helpers/use-dovecot';

const dovecot = useDovecot();

const uid = () => randomBytes(4).toString('hex');

const files = (n: number, size = 100): MailAttachment[] =>
  Array.from({ length: n }, (_, i) => ({
    filename: `file-${i + 1}.bin`,
    contentType: 'application/octet-stream',
    content: randomBytes(size),
  }));

async function mailbox(extra: Parameters<typeof makeMailbox>[2] = {}) {
  return makeMailbox(dovecot, { protocol: 'imap', starttls: 'off' }, { state: 'active', ...extra });
}

async function deliver(fx: MailboxFixture, attached: MailAttachment[]) {
  const raw = buildMail({
    from: `Erin <erin-${uid()}@customer.example>`,
    to: fx.address,
    subject: `Photos ${uid()}`,
    text: 'Here are the photos.',
    attachments: attached,
  });
  await dovecot.append(fx.user, [raw]);
  return syncMailbox(fx.mailboxId, { untilEmpty: true });
}

async function stored(fx: MailboxFixture) {
  return withTenant(fx.tenant.tenantId, async (tx) => {
    const caseRows = await tx.select().from(cases).orderBy(asc(cases.number));
    const history = await tx.select().from(caseMessages).orderBy(asc(caseMessages.storedSeq));
    const files = await tx.select().from(attachments);
    const ignored = await tx.select().from(ignoredMessages);
    const raws = await tx.select().from(rawMessages);
    return { cases: caseRows, history, files, ignored, raws };
  });
}

describe('attachments policy', () => {
  it('a mailbox without limits (the default) keeps every attachment', async () => {
    const fx = await mailbox();
    expect(await deliver(fx, files(7))).toMatchObject({ created: 1 });
    const s = await stored(fx);
    expect(s.files).toHaveLength(7);
  });

  it('strip: over the count, the case opens without the attachments and a note names them; the raw message keeps them', async () => {
    const fx = await mailbox({ attachmentMaxCount: 2, attachmentOverLimit: 'strip' });
    expect(await deliver(fx, files(2))).toMatchObject({ created: 1 });
    expect((await stored(fx)).files).toHaveLength(2);

    expect(await deliver(fx, files(3))).toMatchObject({ created: 1 });
    const s = await stored(fx);
    expect(s.cases).toHaveLength(2);
    expect(s.files).toHaveLength(2); // only the first message's
    const second = s.cases[1];
    const notes = s.history.filter((m) => m.caseId === second.id && m.systemKind === 'attachments-removed');
    expect(notes).toHaveLength(1);
    expect(notes[0].text).toMatch(/^3 attachments .* went over this mailbox's limit \(2 attachments\)/);
    expect(notes[0].text).toContain('file-3.bin');
    const inbound = s.history.find((m) => m.caseId === second.id && m.direction === 'in')!;
    const raw = s.raws.find((r) => r.id === inbound.rawMessageId)!;
    expect(raw.content.toString('latin1')).toContain('filename="file-3.bin"');
  });

  it('strip: over the total size, likewise', async () => {
    const fx = await mailbox({ attachmentMaxBytes: 1000, attachmentOverLimit: 'strip' });
    expect(await deliver(fx, files(1, 2000))).toMatchObject({ created: 1 });
    const s = await stored(fx);
    expect(s.files).toHaveLength(0);
    expect(s.history.find((m) => m.systemKind === 'attachments-removed')?.text).toMatch(/\(1000 B\)/);
  });

  it('hold: over the limit, the message waits for review as attachments-over-limit; releasing it keeps every attachment', async () => {
    const fx = await mailbox({ attachmentMaxCount: 1, attachmentOverLimit: 'hold' });
    expect(await deliver(fx, files(2))).toMatchObject({ created: 0, ignored: 1 });
    const held = await stored(fx);
    expect(held.cases).toHaveLength(0);
    expect(held.ignored).toHaveLength(1);
    expect(held.ignored[0]).toMatchObject({ kind: 'attachments-over-limit', reason: 'attachments-over-limit' });

    const released = await releaseIgnored(fx.tenant.tenantId, held.ignored[0].id);
    expect(released.outcome).toBe('created');
    const after = await stored(fx);
    expect(after.files).toHaveLength(2);
    expect(after.ignored[0].releasedCaseId).toBe(released.caseId);
    // Within the limit, a message opens its case as usual.
    expect(await deliver(fx, files(1))).toMatchObject({ created: 1 });
    expect((await stored(fx)).files).toHaveLength(3);
  });
});
