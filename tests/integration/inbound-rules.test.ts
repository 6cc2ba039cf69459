// Inbound rules and sender lists through a real Dovecot mailbox and a real sync run.
import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { caseMessages, cases, ignoredMessages, outboxEvents, senderListEntries } from '@/db/schema';
import { withTenant } from '@/db/tenancy';
import { listCases } from '@/lib/cases/queries/list-cases';
import { syncMailbox } from '@/lib/mailboxes/sync-mailbox';
import { removeMember } from '@/lib/members/remove-member';
import { listRules } from '@/lib/rules/list-rules';
import { createRule } from '@/lib/rules/save-rule';
import { addSenderEntry } from '@/lib/rules/sender-list-entries';
import type { RuleInput } from '@/lib/rules/rule-schema';
import { buildMail, type MailSpec } from '../helpers/mail-builder';
import { makeMailbox, type MailboxFixture } from '../helpers/mailbox-fixture';
import { addAgent, type TestTenant } from '../helpers/tenant';
import { useDovecot } from '../helpers/use-dovecot';

const dovecot = useDovecot();

const uid = () => randomBytes(4).toString('hex');
const actor = { kind: 'cli' } as const;

async function activeMailbox(tenant?: TestTenant): Promise<MailboxFixture> {
  return makeMailbox(dovecot, { protocol: 'imap', starttls: 'off' }, { state: 'active' }, tenant);
}

async function rule(fx: MailboxFixture, input: RuleInput) {
  return withTenant(fx.tenant.tenantId, (tx) => createRule(tx, { tenantId: fx.tenant.tenantId, input, actor }));
}

async function senders(fx: MailboxFixture, kind: 'blocked' | 'allowed', pattern: string) {
  return withTenant(fx.tenant.tenantId, (tx) =>
    addSenderEntry(tx, { tenantId: fx.tenant.tenantId, input: { kind, pattern }, actor }),
  );
}

/** Delivers the messages to the Dovecot mailbox and runs one sync. */
async function deliver(fx: MailboxFixture, specs: Partial<MailSpec>[]) {
  const raws = specs.map((s) =>
    buildMail({
      from: 'Someone <someone@customer.example>',
      to: fx.address,
      subject: 'Hello',
      text: 'hi',
      messageId: `${uid()}@customer.example`,
      ...s,
    }),
  );
  await dovecot.append(fx.user, raws);
  const summary = await syncMailbox(fx.mailboxId);
  expect(summary.error).toBeUndefined();
  expect(summary.fetched).toBe(specs.length);
  expect(await dovecot.count(fx.user)).toBe(0);
  return summary;
}

async function state(fx: MailboxFixture) {
  return withTenant(fx.tenant.tenantId, async (tx) => ({
    cases: await tx.select().from(cases).orderBy(cases.number),
    ignored: await tx.select().from(ignoredMessages).orderBy(ignoredMessages.createdAt),
    created: (
      await tx.select().from(outboxEvents).where(eq(outboxEvents.type, 'case.created')).orderBy(outboxEvents.createdAt)
    ).map((e) => e.payload),
    notes: await tx
      .select()
      .from(caseMessages)
      .where(and(eq(caseMessages.direction, 'system'), eq(caseMessages.systemKind, 'rule')))
      .orderBy(caseMessages.storedSeq), // the order they were written (their createdAt is shared)
  }));
}

describe('inbound rules through a real mailbox', () => {
  it('an assignment rule assigns the new case to the member and says so in the history', async () => {
    const fx = await activeMailbox();
    const agent = await addAgent(fx.tenant);
    await rule(fx, {
      name: 'VIP customers',
      conditions: [{ field: 'from-domain', operator: 'equals', value: 'vip.example' }],
      actions: [{ type: 'assign', userId: agent.userId }],
    });
    await deliver(fx, [
      { from: 'Vera <vera@vip.example>', subject: 'Invoice question' },
      { from: 'Nora <nora@other.example>', subject: 'Plain question' },
    ]);

    const s = await state(fx);
    expect(s.cases.map((c) => [c.subject, c.assigneeId])).toEqual([
      ['Invoice question', agent.userId],
      ['Plain question', null],
    ]);
    expect(s.notes.map((n) => [n.caseId, n.text])).toEqual([
      [s.cases[0].id, `Assigned to ${agent.email} by rule 'VIP customers'.`],
    ]);
    expect(s.created.map((p) => p.assigneeId)).toEqual([agent.userId, null]);
  });

  it('an ignore rule records rule:<name> and sends no acknowledgement; a do-not-acknowledge rule sets acknowledge:false', async () => {
    const fx = await activeMailbox();
    await rule(fx, {
      name: 'Newsletters',
      conditions: [{ field: 'subject', operator: 'contains', value: 'newsletter' }],
      actions: [{ type: 'ignore' }],
    });
    await rule(fx, {
      name: 'Partners quietly',
      conditions: [{ field: 'from', operator: 'equals', value: 'bot@partner.example' }],
      actions: [{ type: 'no-acknowledgement' }],
    });
    await deliver(fx, [
      { subject: 'Our monthly NEWSLETTER', from: 'news@shop.example' },
      { subject: 'Order 42 failed', from: 'bot@partner.example' },
      { subject: 'A person asks', from: 'person@customer.example' },
    ]);
    const s = await state(fx);
    expect(s.ignored.map((i) => [i.subject, i.kind, i.reason])).toEqual([
      ['Our monthly NEWSLETTER', 'rule', 'rule:Newsletters'],
    ]);
    expect(s.cases.map((c) => c.subject)).toEqual(['Order 42 failed', 'A person asks']);
    expect(s.created.map((p) => [p.subject, p.acknowledge])).toEqual([
      ['Order 42 failed', false],
      ['A person asks', true],
    ]);
    expect(s.notes.map((n) => n.text)).toEqual(["No acknowledgement: rule 'Partners quietly'."]);
  });

  it('a blocked domain (and its subdomains) is ignored as blocked-sender, replies included; an allowed address inside it gets through', async () => {
    const fx = await activeMailbox();
    await deliver(fx, [
      { from: 'ann@spam.example', subject: 'Before blocking', messageId: 'before-block@spam.example' },
    ]);
    await senders(fx, 'blocked', '@Spam.Example');
    await senders(fx, 'allowed', 'good@spam.example');
    await deliver(fx, [
      { from: 'ann@spam.example', subject: 'Re: Before blocking', inReplyTo: 'before-block@spam.example' },
      { from: 'x@mail.spam.example', subject: 'From a subdomain' },
      { from: 'good@spam.example', subject: 'Allowed person' },
      { from: 'y@notspam.example', subject: 'Lookalike domain' },
    ]);
    const s = await state(fx);
    expect(s.ignored.map((i) => [i.subject, i.kind, i.reason])).toEqual([
      ['Re: Before blocking', 'blocked', 'blocked-sender'],
      ['From a subdomain', 'blocked', 'blocked-sender'],
    ]);
    expect(s.cases.map((c) => c.subject)).toEqual(['Before blocking', 'Allowed person', 'Lookalike domain']);
  });

  it('an allowed sender with Precedence: bulk becomes a case (without acknowledgement); the same mail from others stays ignored', async () => {
    const fx = await activeMailbox();
    await senders(fx, 'allowed', 'partner.example');
    await deliver(fx, [
      { from: 'erp@partner.example', subject: 'Order 7 needs review', headers: { Precedence: 'bulk' } },
      { from: 'erp@elsewhere.example', subject: 'Order 8 needs review', headers: { Precedence: 'bulk' } },
    ]);
    const s = await state(fx);
    expect(s.cases.map((c) => c.subject)).toEqual(['Order 7 needs review']);
    expect(s.ignored.map((i) => [i.subject, i.kind, i.reason])).toEqual([
      ['Order 8 needs review', 'list', 'header:precedence=bulk'],
    ]);
    expect(s.created[0]).toMatchObject({ acknowledge: false });
    expect(s.notes[0].text).toContain('allowed list (partner.example)');
  });

  it('rules run tenant-wide first, then the mailbox’s, each by position; later rules win; stop ends processing', async () => {
    const fx = await activeMailbox();
    // Created in an order different from the run order: the mailbox rule first.
    await rule(fx, {
      name: 'Mailbox: low',
      mailboxId: fx.mailboxId,
      conditions: [{ field: 'subject', operator: 'contains', value: 'printer' }],
      actions: [
        { type: 'set-priority', priority: 'low' },
        { type: 'add-tags', tags: ['hardware'] },
      ],
    });
    await rule(fx, {
      name: 'Tenant: high',
      conditions: [{ field: 'subject', operator: 'contains', value: 'printer' }],
      actions: [
        { type: 'set-priority', priority: 'high' },
        { type: 'add-tags', tags: ['Printers'] },
      ],
    });
    await rule(fx, {
      name: 'Tenant: urgent and stop',
      conditions: [{ field: 'subject', operator: 'contains', value: 'fire' }],
      actions: [{ type: 'set-priority', priority: 'urgent' }, { type: 'stop' }],
    });
    await deliver(fx, [{ subject: 'Printer jammed' }, { subject: 'Printer on fire' }]);

    const s = await state(fx);
    // Jammed: tenant rule (high) then mailbox rule (low): the later one wins, tags add up.
    // On fire: the stop rule ends processing before the mailbox rule.
    expect(s.cases.map((c) => [c.subject, c.priority, c.tags])).toEqual([
      ['Printer jammed', 'low', ['printers', 'hardware']],
      ['Printer on fire', 'urgent', ['printers']],
    ]);
    const rules = await withTenant(fx.tenant.tenantId, (tx) => listRules(tx));
    expect(rules.map((r) => r.name)).toEqual(['Tenant: high', 'Tenant: urgent and stop', 'Mailbox: low']);
  });

  it('priority and tags appear on the case and filter the case list; a status rule sets the status', async () => {
    const fx = await activeMailbox();
    await rule(fx, {
      name: 'Billing',
      conditions: [{ field: 'body', operator: 'contains', value: 'invoice' }],
      actions: [
        { type: 'set-priority', priority: 'high' },
        { type: 'add-tags', tags: ['billing', 'finance'] },
        { type: 'set-status', status: 'pending' },
      ],
    });
    await deliver(fx, [
      { subject: 'Question A', text: 'About my invoice' },
      { subject: 'Question B', text: 'Something else' },
    ]);
    const list = (input: Parameters<typeof listCases>[1]) =>
      withTenant(fx.tenant.tenantId, (tx) => listCases(tx, input));
    const billed = await list({ tag: 'billing' });
    expect(billed.items.map((c) => [c.subject, c.priority, c.tags, c.status])).toEqual([
      ['Question A', 'high', ['billing', 'finance'], 'pending'],
    ]);
    expect((await list({ priority: 'high' })).items.map((c) => c.subject)).toEqual(['Question A']);
    expect((await list({ priority: 'normal' })).items.map((c) => c.subject)).toEqual(['Question B']);
    expect((await list({ tag: 'Finance' })).items.map((c) => c.subject)).toEqual(['Question A']);
    expect((await list({ tag: 'nothing' })).items).toEqual([]);
  });

  it('a mark-spam rule keeps the message as ignored spam and blocks the sender for the rest of the batch and later runs', async () => {
    const fx = await activeMailbox();
    await rule(fx, {
      name: 'Casino',
      conditions: [{ field: 'subject', operator: 'matches', value: '\\bcasino\\b' }],
      actions: [{ type: 'mark-spam', block: 'domain' }],
    });
    await deliver(fx, [
      { from: 'a@junk.example', subject: 'Best CASINO offers' },
      { from: 'b@junk.example', subject: 'Anything at all' },
    ]);
    const s = await state(fx);
    // One batch: the two ignored rows share their createdAt, so they are compared by subject.
    expect(s.ignored.map((i) => [i.subject, i.kind, i.reason]).sort()).toEqual([
      ['Anything at all', 'blocked', 'blocked-sender'],
      ['Best CASINO offers', 'spam', 'rule:Casino'],
    ]);
    const blocked = await withTenant(fx.tenant.tenantId, (tx) => tx.select().from(senderListEntries));
    expect(blocked.map((b) => [b.kind, b.pattern])).toEqual([['blocked', 'junk.example']]);
  });
});

describe('regexes', () => {
  it('a pathological regex ((a+)+$ against 50 000 a’s) runs in linear time: the sync finishes and the rule decides correctly', async () => {
    const fx = await activeMailbox();
    await rule(fx, {
      name: 'Catastrophic',
      conditions: [{ field: 'body', operator: 'matches', value: '(a+)+$' }],
      actions: [{ type: 'add-tags', tags: ['all-a'] }],
    });
    await rule(fx, {
      name: 'Catastrophic miss',
      conditions: [{ field: 'body', operator: 'matches', value: '^(a+)+b$' }],
      actions: [{ type: 'add-tags', tags: ['ends-in-b'] }],
    });
    await deliver(fx, [
      { subject: 'aaaa', text: 'a'.repeat(50_000) + '!' },
      { subject: 'only a', text: 'a'.repeat(50_000) },
    ]);
    const s = await state(fx);
    expect(s.cases.map((c) => [c.subject, c.tags])).toEqual([
      ['aaaa', []],
      ['only a', ['all-a']],
    ]);
  });

  it('a pattern RE2 cannot run (look-behind, back-reference) or an overlong one is refused at save time with the reason', async () => {
    const fx = await activeMailbox();
    const save = (value: string) =>
      rule(fx, {
        name: 'Bad',
        conditions: [{ field: 'subject', operator: 'matches', value }],
        actions: [{ type: 'ignore' }],
      });
    await expect(save('(?<=a)b')).rejects.toThrow(/conditions\.0\.value: Not a valid regular expression.*Look-around/);
    await expect(save('(a)\\1')).rejects.toThrow(/back-references/);
    await expect(save('a('.padEnd(3, 'x'))).rejects.toThrow(/missing closing \)/);
    await expect(save('x'.repeat(501))).rejects.toThrow(/at most 500 characters/);
    expect(await withTenant(fx.tenant.tenantId, (tx) => listRules(tx))).toEqual([]);
  });
});

describe('isolation and stale references', () => {
  it("another tenant's rules and sender lists never apply", async () => {
    const a = await activeMailbox();
    const b = await activeMailbox();
    await rule(b, {
      name: 'B ignores everything',
      conditions: [{ field: 'from', operator: 'contains', value: '@' }],
      actions: [{ type: 'ignore' }],
    });
    await senders(b, 'blocked', 'customer.example');
    await deliver(a, [{ from: 'x@customer.example', subject: 'For tenant A' }]);
    const s = await state(a);
    expect(s.cases.map((c) => c.subject)).toEqual(['For tenant A']);
    expect(s.ignored).toEqual([]);
    // The same mail in B is ignored by B's own list, which shows it was not inert.
    await deliver(b, [{ from: 'x@customer.example', subject: 'For tenant B' }]);
    expect((await state(b)).ignored.map((i) => i.reason)).toEqual(['blocked-sender']);
  });

  it('a rule assigning to a member who was removed is flagged in the rule list and on the case; ingestion goes on', async () => {
    const fx = await activeMailbox();
    const agent = await addAgent(fx.tenant);
    await rule(fx, {
      name: 'To the agent',
      conditions: [{ field: 'subject', operator: 'contains', value: 'help' }],
      actions: [
        { type: 'assign', userId: agent.userId },
        { type: 'add-tags', tags: ['routed'] },
      ],
    });
    await withTenant(fx.tenant.tenantId, (tx) =>
      removeMember(tx, {
        tenantId: fx.tenant.tenantId,
        userId: agent.userId,
        actor: { userId: fx.tenant.ownerUserId, role: 'owner' },
      }),
    );

    const [listed] = await withTenant(fx.tenant.tenantId, (tx) => listRules(tx));
    expect(listed.problems).toEqual([expect.stringContaining('no longer a member')]);

    await deliver(fx, [{ subject: 'Please help' }, { subject: 'Help again' }]);
    const s = await state(fx);
    expect(s.cases.map((c) => [c.subject, c.assigneeId, c.tags])).toEqual([
      ['Please help', null, ['routed']],
      ['Help again', null, ['routed']],
    ]);
    expect(s.notes.filter((n) => n.caseId === s.cases[0].id).map((n) => n.text)).toEqual([
      "Tagged routed by rule 'To the agent'.",
      "Rule 'To the agent' assigns to someone who is no longer a member of this workspace; the assignment was skipped.",
    ]);
  });
});
