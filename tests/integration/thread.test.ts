// Threading against real PostgreSQL: which case an incoming message joins, and which it must not.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { caseMessages, cases, type Address } from '@/db/schema';
import { withTenant } from '@/db/tenancy';
import { createOutboundMessageId } from '@/lib/mail/message-id';
import { findThreadForMessage } from '@/lib/mail/thread';
import type { ParsedMessage } from '@/lib/mail/types';
import { parsedMessage } from '@/tests/helpers/parsed-message';
import { makeTenant } from '@/tests/helpers/tenant';

const mid = (tag: string) => `${tag}.${randomBytes(6).toString('hex')}@client.example`;

function message(over: Partial<ParsedMessage> = {}): ParsedMessage {
  return parsedMessage({
    from: { address: 'stranger@elsewhere.example' },
    to: [{ address: 'support@acme.example' }],
    messageId: mid('new'),
    ...over,
  });
}

type SeedMessage = {
  direction: 'in' | 'out' | 'note' | 'system';
  messageId?: string;
  from?: string;
  to?: Address[];
  cc?: Address[];
};

async function seedCase(
  tenantId: string,
  number: number,
  opts: { requester?: string; status?: 'open' | 'pending' | 'closed'; messages?: SeedMessage[] } = {},
): Promise<string> {
  return withTenant(tenantId, async (tx) => {
    const [row] = await tx
      .insert(cases)
      .values({
        tenantId,
        number,
        subject: `Case ${number}`,
        status: opts.status ?? 'open',
        requesterEmail: opts.requester ?? 'alice@customer.example',
      })
      .returning({ id: cases.id });
    for (const m of opts.messages ?? []) {
      await tx.insert(caseMessages).values({
        tenantId,
        caseId: row.id,
        direction: m.direction,
        messageId: m.messageId ?? null,
        fromAddress: m.from ?? null,
        to: m.to ?? null,
        cc: m.cc ?? null,
        subject: `Case ${number}`,
      });
    }
    return row.id;
  });
}

const thread = (tenantId: string, m: ParsedMessage) =>
  withTenant(tenantId, (tx) => findThreadForMessage(tx, { tenantId, message: m }));

describe('findThreadForMessage', () => {
  it('a reply with In-Reply-To joins its case', async () => {
    const { tenantId } = await makeTenant('thr');
    const original = mid('orig');
    const caseId = await seedCase(tenantId, 1, {
      status: 'closed',
      messages: [{ direction: 'in', messageId: original, from: 'alice@customer.example' }],
    });
    await seedCase(tenantId, 2, { messages: [{ direction: 'in', messageId: mid('other') }] });
    const match = await thread(tenantId, message({ inReplyTo: original, subject: 'Re: Hello' }));
    expect(match).toEqual({ caseId, caseNumber: 1, status: 'closed', via: 'in-reply-to' });
  });

  it('a References-only reply joins its case, newest reference first', async () => {
    const { tenantId } = await makeTenant('thr');
    const older = mid('older');
    const newer = mid('newer');
    await seedCase(tenantId, 1, { messages: [{ direction: 'in', messageId: older }] });
    const caseB = await seedCase(tenantId, 2, { messages: [{ direction: 'in', messageId: newer }] });
    const match = await thread(tenantId, message({ references: [mid('unknown'), older, newer] }));
    expect(match).toMatchObject({ caseId: caseB, caseNumber: 2, via: 'references' });
  });

  it('In-Reply-To wins over References', async () => {
    const { tenantId } = await makeTenant('thr');
    const a = mid('a');
    const b = mid('b');
    const caseA = await seedCase(tenantId, 1, { messages: [{ direction: 'in', messageId: a }] });
    await seedCase(tenantId, 2, { messages: [{ direction: 'in', messageId: b }] });
    expect(await thread(tenantId, message({ inReplyTo: a, references: [b] }))).toMatchObject({
      caseId: caseA,
      via: 'in-reply-to',
    });
  });

  it('a reply to one of our outbound messages joins its case', async () => {
    const { tenantId } = await makeTenant('thr');
    const ours = createOutboundMessageId({ tenantId, caseNumber: 4, domain: 'acme.example' });
    const caseId = await seedCase(tenantId, 4, {
      messages: [{ direction: 'out', messageId: ours, from: 'support@acme.example' }],
    });
    expect(await thread(tenantId, message({ inReplyTo: `<${ours}>` }))).toMatchObject({
      caseId,
      caseNumber: 4,
      via: 'in-reply-to',
    });
  });

  it('a verified id of ours whose stored row is missing still resolves to its case number', async () => {
    const { tenantId } = await makeTenant('thr');
    const caseId = await seedCase(tenantId, 8);
    const ours = createOutboundMessageId({ tenantId, caseNumber: 8, domain: 'acme.example' });
    expect(await thread(tenantId, message({ references: [ours] }))).toEqual({
      caseId,
      caseNumber: 8,
      status: 'open',
      via: 'our-message-id',
    });
  });

  it('a forged id of our shape does not join, even when stored', async () => {
    const { tenantId } = await makeTenant('thr');
    const forged = `cf.3.0123456789abcdef.${'ab'.repeat(12)}@acme.example`;
    // Stored as the Message-ID of an inbound message someone sent us: still not trusted.
    await seedCase(tenantId, 3, { messages: [{ direction: 'in', messageId: forged }] });
    expect(await thread(tenantId, message({ inReplyTo: forged, references: [forged] }))).toBeNull();
  });

  it('an id of ours with an altered case number does not join', async () => {
    const { tenantId } = await makeTenant('thr');
    await seedCase(tenantId, 1);
    await seedCase(tenantId, 2);
    const ours = createOutboundMessageId({ tenantId, caseNumber: 1, domain: 'acme.example' });
    expect(await thread(tenantId, message({ inReplyTo: ours.replace(/^cf\.1\./, 'cf.2.') }))).toBeNull();
  });

  it('a subject token from a participant joins', async () => {
    const { tenantId } = await makeTenant('thr');
    const caseId = await seedCase(tenantId, 5, {
      requester: 'alice@customer.example',
      messages: [
        {
          direction: 'in',
          messageId: mid('x'),
          from: 'alice@customer.example',
          cc: [{ address: 'Bob@Customer.example', name: 'Bob' }],
        },
        { direction: 'out', from: 'support@acme.example', to: [{ address: 'carol@customer.example' }] },
      ],
    });
    const fromRequester = message({ from: { address: 'ALICE@customer.example' }, subject: 'Re: [Case #5] Hello' });
    expect(await thread(tenantId, fromRequester)).toMatchObject({ caseId, caseNumber: 5, via: 'subject-token' });
    expect(
      await thread(tenantId, message({ from: { address: 'bob@customer.example' }, subject: 'Fwd: [case #5]' })),
    ).toMatchObject({ caseId });
    expect(
      await thread(tenantId, message({ from: { address: 'carol@customer.example' }, subject: '[Case #5]' })),
    ).toMatchObject({ caseId });
  });

  it('a subject token from a stranger does not join', async () => {
    const { tenantId } = await makeTenant('thr');
    await seedCase(tenantId, 5, {
      requester: 'alice@customer.example',
      messages: [
        { direction: 'in', from: 'alice@customer.example' },
        // A note's or system event's addresses do not make someone a participant.
        { direction: 'note', from: 'mallory@evil.example' },
      ],
    });
    expect(
      await thread(tenantId, message({ from: { address: 'mallory@evil.example' }, subject: 'Re: [Case #5] Hello' })),
    ).toBeNull();
    expect(await thread(tenantId, message({ from: undefined, subject: 'Re: [Case #5] Hello' }))).toBeNull();
  });

  it('a subject token naming a case that does not exist does not join', async () => {
    const { tenantId } = await makeTenant('thr');
    await seedCase(tenantId, 1);
    expect(
      await thread(tenantId, message({ from: { address: 'alice@customer.example' }, subject: '[Case #99] hi' })),
    ).toBeNull();
  });

  it('another tenant’s Message-IDs and case tokens never match', async () => {
    const a = await makeTenant('thr-a');
    const b = await makeTenant('thr-b');
    const shared = mid('shared');
    const ours = createOutboundMessageId({ tenantId: a.tenantId, caseNumber: 1, domain: 'acme.example' });
    await seedCase(a.tenantId, 1, {
      requester: 'alice@customer.example',
      messages: [
        { direction: 'in', messageId: shared, from: 'alice@customer.example' },
        { direction: 'out', messageId: ours, from: 'support@acme.example' },
      ],
    });
    await seedCase(b.tenantId, 1, { requester: 'zed@other.example' });
    const reply = message({
      from: { address: 'alice@customer.example' },
      inReplyTo: shared,
      references: [ours],
      subject: 'Re: [Case #1] Hello',
    });
    expect(await thread(b.tenantId, reply)).toBeNull();
    expect(await thread(a.tenantId, reply)).toMatchObject({ caseNumber: 1, via: 'in-reply-to' });
  });

  it('a message with nothing to go on matches no case', async () => {
    const { tenantId } = await makeTenant('thr');
    await seedCase(tenantId, 1, { messages: [{ direction: 'in', messageId: mid('m') }] });
    expect(await thread(tenantId, message())).toBeNull();
  });

  it('a message does not thread onto itself through its own Message-ID', async () => {
    const { tenantId } = await makeTenant('thr');
    const own = mid('self');
    await seedCase(tenantId, 1, { messages: [{ direction: 'in', messageId: own }] });
    expect(await thread(tenantId, message({ messageId: own, inReplyTo: own }))).toBeNull();
  });

  it('when two cases hold the same Message-ID, the one that stored it first wins', async () => {
    const { tenantId } = await makeTenant('thr');
    const dup = mid('dup');
    const first = await seedCase(tenantId, 1, { messages: [{ direction: 'in', messageId: dup }] });
    await seedCase(tenantId, 2, { messages: [{ direction: 'in', messageId: dup }] });
    expect(await thread(tenantId, message({ inReplyTo: dup }))).toMatchObject({ caseId: first });
  });

  it('a verified id of ours naming a case that does not exist falls through to the next reference', async () => {
    const { tenantId } = await makeTenant('thr');
    const older = mid('older');
    const caseId = await seedCase(tenantId, 1, { messages: [{ direction: 'in', messageId: older }] });
    const gone = createOutboundMessageId({ tenantId, caseNumber: 77, domain: 'acme.example' });
    expect(await thread(tenantId, message({ inReplyTo: gone, references: [older, gone] }))).toMatchObject({
      caseId,
      via: 'references',
    });
  });

  it('thousands of References do not stop the newest known one from matching', async () => {
    const { tenantId } = await makeTenant('thr');
    const known = mid('known');
    const caseId = await seedCase(tenantId, 1, { messages: [{ direction: 'out', messageId: known }] });
    const junk = Array.from({ length: 5000 }, (_, i) => `junk${i}@spam.example`);
    expect(await thread(tenantId, message({ references: [...junk, known] }))).toMatchObject({
      caseId,
      via: 'references',
    });
  });
});
