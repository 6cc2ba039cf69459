// The whole generated mail corpus (tests/fixtures/mail/corpus) end to end: written into one real
// Dovecot mailbox in one go, fetched by one sync run, stored and decided. Every machine message is
// ignored with its kind, every person's message opens a case, every bounce of our own mail is noted
// on its case with the failed recipients. Then: acknowledgements are only ever requested for people.
import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { caseMessages, cases, ignoredMessages, outboxEvents } from '@/db/schema';
import { withTenant } from '@/db/tenancy';
import { syncMailbox } from '@/lib/mailboxes/sync-mailbox';
import { addSenderEntry } from '@/lib/rules/sender-list-entries';
import { buildCorpus } from '../fixtures/mail/corpus';
import { buildMail } from '../helpers/mail-builder';
import { makeMailbox, type MailboxFixture } from '../helpers/mailbox-fixture';
import { useDovecot } from '../helpers/use-dovecot';

const dovecot = useDovecot();

const activeMailbox = () => makeMailbox(dovecot, { protocol: 'imap', starttls: 'off' }, { state: 'active' });

/** One case holding our outbound messages, so bounces that return them have a case to land on. */
async function seedOutbound(fx: MailboxFixture, messageIds: string[]): Promise<string> {
  return withTenant(fx.tenant.tenantId, async (tx) => {
    const [row] = await tx
      .insert(cases)
      .values({
        tenantId: fx.tenant.tenantId,
        number: 900_000,
        subject: 'Our replies to many customers',
        status: 'open',
        requesterEmail: 'someone@customer.example',
        mailboxId: fx.mailboxId,
      })
      .returning({ id: cases.id });
    await tx.insert(caseMessages).values(
      messageIds.map((messageId) => ({
        tenantId: fx.tenant.tenantId,
        caseId: row.id,
        direction: 'out' as const,
        messageId,
        subject: 'Re: your request',
        text: 'Hello',
        deliveryStatus: 'sent',
      })),
    );
    return row.id;
  });
}

async function outcomes(fx: MailboxFixture) {
  return withTenant(fx.tenant.tenantId, async (tx) => ({
    ignored: await tx.select().from(ignoredMessages),
    inbound: await tx
      .select({ messageId: caseMessages.messageId, caseId: caseMessages.caseId })
      .from(caseMessages)
      .where(eq(caseMessages.direction, 'in')),
    notes: await tx
      .select({ caseId: caseMessages.caseId, text: caseMessages.text })
      .from(caseMessages)
      .where(and(eq(caseMessages.direction, 'system'), eq(caseMessages.systemKind, 'delivery-failed'))),
    created: (await tx.select().from(outboxEvents).where(eq(outboxEvents.type, 'case.created'))).map(
      (e) => e.payload as { caseId: string; acknowledge: boolean; requester: { email: string | null } },
    ),
    cases: await tx.select({ id: cases.id, requesterEmail: cases.requesterEmail }).from(cases),
  }));
}

/** The Message-ID a corpus message carries, without angle brackets. */
function messageIdOf(raw: Buffer): string {
  const m = /^Message-ID:\s*<([^>]+)>/im.exec(raw.toString('utf8'));
  if (!m) throw new Error('corpus message without Message-ID');
  return m[1];
}

describe('the mail corpus through a real mailbox', () => {
  it(
    'every machine message is ignored with its kind, every person opens a case, every bounce is noted on our case (100 %)',
    { timeout: 240_000 },
    async () => {
      const corpus = buildCorpus();
      const fx = await activeMailbox();
      const bounces = corpus.filter((m) => m.expected.bounce);
      const seedCase = await seedOutbound(
        fx,
        bounces.map((m) => m.expected.bounce!.originalMessageId),
      );
      await dovecot.append(
        fx.user,
        corpus.map((m) => m.raw),
        { via: 'maildir' },
      );
      const summary = await syncMailbox(fx.mailboxId, { untilEmpty: true });
      expect(summary.error).toBeUndefined();
      expect(summary.fetched).toBe(corpus.length);

      const o = await outcomes(fx);
      const ignoredById = new Map(o.ignored.map((row) => [row.messageId, row]));
      const inboundIds = new Set(o.inbound.map((row) => row.messageId));
      const wrong: string[] = [];
      for (const m of corpus) {
        const id = messageIdOf(m.raw);
        const row = ignoredById.get(id);
        if (m.expected.verdict === 'normal') {
          if (row || !inboundIds.has(id))
            wrong.push(`${m.name}: ${row ? `ignored ${row.kind} ${row.reason}` : 'missing'}`);
        } else if (!row || row.kind !== m.expected.kind) {
          wrong.push(`${m.name}: ${row ? `${row.kind} ${row.reason}` : 'became a case'}, want ${m.expected.kind}`);
        } else if (m.expected.bounce && row.caseId !== seedCase) {
          wrong.push(`${m.name}: bounce not linked to our case`);
        }
      }
      expect(wrong).toEqual([]);

      // One note per bounce on our case, naming its recipients, failed or only delayed.
      expect(o.notes).toHaveLength(bounces.length);
      expect(o.notes.every((n) => n.caseId === seedCase)).toBe(true);
      const notes = o.notes.map((n) => n.text ?? '');
      for (const m of bounces) {
        const want = m.expected.bounce!;
        const prefix = want.delayed ? 'Delivery delayed to' : 'Delivery failed to';
        const found = notes.some((t) => t.startsWith(prefix) && want.recipients.every((r) => t.includes(r)));
        expect(found, `${m.name}: a note "${prefix} ${want.recipients.join(', ')}"`).toBe(true);
      }
      // People: one new case each, and an acknowledgement requested only when the requester is a person.
      const people = corpus.filter((m) => m.expected.verdict === 'normal');
      expect(o.created).toHaveLength(people.length);
      expect(
        o.created.filter((c) => c.acknowledge).every((c) => !/noreply|no-reply/.test(c.requester.email ?? '')),
      ).toBe(true);
      expect(await dovecot.count(fx.user)).toBe(0);
    },
  );

  it('no acknowledgement is requested for a machine or unusable address, or for machine mail the allowed list lets through', async () => {
    const fx = await activeMailbox();
    for (const pattern of ['partner.example', 'lists.partner.example', 'vtext.com', 'mx.partner.example']) {
      await withTenant(fx.tenant.tenantId, (tx) =>
        addSenderEntry(tx, {
          tenantId: fx.tenant.tenantId,
          input: { kind: 'allowed', pattern },
          actor: { kind: 'cli' },
        }),
      );
    }
    const id = () => `${randomBytes(6).toString('hex')}@partner.example`;
    const mail = (from: string | null, subject: string, headers: Record<string, string> = {}, extra = '') =>
      Buffer.from(
        [
          ...(from === null ? [] : [`From: ${from}`]),
          `To: ${fx.address}`,
          `Subject: ${subject}`,
          `Message-ID: <${id()}>`,
          ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
          '',
          extra || 'Please look at this.',
          '',
        ].join('\r\n'),
      );
    const refused = [
      mail(null, 'no From at all'),
      mail('unknown@invalid', 'unknown@invalid sender'),
      mail('"Post Master" <post_master@vtext.com>', 'post_master with an underscore'),
      mail('postmaster@mx.partner.example', 'Postmaster notice', { 'Auto-Submitted': 'no' }),
      mail('noreply@partner.example', 'no-reply sender'),
      mail('do-not-reply@partner.example', 'do-not-reply sender'),
      mail('users-request@lists.partner.example', 'list manager notice'),
      mail('owner-announce@lists.partner.example', 'list owner notice'),
      mail('ann@partner.example', 'allowed sender, Auto-Submitted', { 'Auto-Submitted': 'auto-replied' }),
      mail('erp@partner.example', 'allowed sender, Precedence: bulk', { Precedence: 'bulk' }),
      mail('news@partner.example', 'allowed sender, List-Unsubscribe', {
        'List-Unsubscribe': '<mailto:u@partner.example>',
      }),
      mail('desk@partner.example', 'Your request has been received', { 'X-Auto-Response-Suppress': 'All' }),
      mail('olivia@partner.example', 'Auto reply: order', { 'X-Apple-Action': 'VACATION' }),
    ];
    const person = buildMail({ from: 'Ann Person <ann.person@customer.example>', to: fx.address, subject: 'A person' });
    await dovecot.append(fx.user, [...refused, person], { via: 'imap' });
    const summary = await syncMailbox(fx.mailboxId, { untilEmpty: true });
    expect(summary.error).toBeUndefined();

    const o = await outcomes(fx);
    const requested = o.created.filter((c) => c.acknowledge).map((c) => c.requester.email);
    expect(requested).toEqual(['ann.person@customer.example']);
    // Each refused message is either a case that opened silently or ignored machine mail; none got lost.
    expect(o.created.length + o.ignored.length).toBe(refused.length + 1);
    expect(o.cases.some((c) => c.requesterEmail === 'unknown@invalid')).toBe(true);
  });
});
