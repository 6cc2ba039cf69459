// /api/v1/cases and /api/v1/ignored-messages, called as route handlers with real API keys against real PostgreSQL.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { attachments } from '@/db/schema';
import { withTenant } from '@/db/tenancy';
import { GET as getAttachment } from '@/app/api/v1/attachments/[id]/route';
import { GET as getCase } from '@/app/api/v1/cases/[number]/route';
import { GET as getCaseMessages } from '@/app/api/v1/cases/[number]/messages/route';
import { GET as getCases } from '@/app/api/v1/cases/route';
import { POST as releaseIgnored } from '@/app/api/v1/ignored-messages/[id]/release/route';
import { GET as getIgnored } from '@/app/api/v1/ignored-messages/route';
import { makeTenantWithKey } from '@/tests/helpers/api-key';
import { callWithKey } from '@/tests/helpers/call-with-key';
import { type TestMailbox } from '@/tests/helpers/receive-mail';
import { receiveBuiltMail, receiveNewCase } from '@/tests/helpers/receive-built-mail';
import { receiveAutoReply, receiveOversized } from '@/tests/helpers/receive-ignored-mail';

function tenantWithKey() {
  return makeTenantWithKey('api');
}

const uid = () => randomBytes(5).toString('hex');

function newCase(tenantId: string, mailbox: TestMailbox, subject: string, from = `c-${uid()}@customer.example`) {
  return receiveNewCase(tenantId, mailbox, { from, subject, text: `About ${subject}` });
}

describe('GET /api/v1/cases?q= (full-text search)', () => {
  it('finds cases by words of the subject or the message text, only in the key’s tenant', async () => {
    const t = await tenantWithKey();
    const other = await tenantWithKey();
    const hit = await newCase(t.tenantId, t.mailbox, 'Printer jammed in accounting');
    await newCase(t.tenantId, t.mailbox, 'Refund question');
    await newCase(other.tenantId, other.mailbox, 'Printer jammed elsewhere');

    const found = await callWithKey(getCases, t.key, '/api/v1/cases?q=printer%20jam');
    expect(found.status).toBe(200);
    expect(found.body.data.map((c: any) => c.number)).toEqual([hit.caseNumber]);
    const byBody = await callWithKey(getCases, t.key, `/api/v1/cases?q=${encodeURIComponent('About Printer')}`);
    expect(byBody.body.data.map((c: any) => c.number)).toEqual([hit.caseNumber]);
    const refused = await callWithKey(getCases, t.key, '/api/v1/cases?q=printer&tag=vip');
    expect(refused.status).toBe(422);
  });
});

describe('GET /api/v1/cases', () => {
  it('lists the key’s tenant’s cases, newest activity first, filtered by status, with messages on request', async () => {
    const t = await tenantWithKey();
    const first = await newCase(t.tenantId, t.mailbox, 'First');
    const second = await newCase(t.tenantId, t.mailbox, 'Second');
    const imported = await receiveBuiltMail(
      t.tenantId,
      t.mailbox,
      { from: 'old@customer.example', subject: 'Old', text: 'x' },
      { imported: true },
    );

    const all = await callWithKey(getCases, t.key, '/api/v1/cases');
    expect(all.status).toBe(200);
    expect(all.body.data.map((c: any) => c.number).sort()).toEqual(
      [first.caseNumber, second.caseNumber, (imported as any).caseNumber].sort(),
    );
    expect(all.body.nextCursor).toBeNull();
    expect(all.body.data[0].messages).toBeUndefined();

    const open = await callWithKey(getCases, t.key, '/api/v1/cases?status=open&include=messages');
    expect(open.body.data.map((c: any) => c.subject).sort()).toEqual(['First', 'Second']);
    expect(open.body.data[0].messages).toEqual([
      expect.objectContaining({ direction: 'in', subject: open.body.data[0].subject }),
    ]);

    const importedOnly = await callWithKey(getCases, t.key, '/api/v1/cases?imported=true');
    expect(importedOnly.body.data.map((c: any) => c.subject)).toEqual(['Old']);
  });

  it('pages with nextCursor until every case was seen once', async () => {
    const t = await tenantWithKey();
    for (let i = 0; i < 5; i++) await newCase(t.tenantId, t.mailbox, `Case ${i}`);
    const seen: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { status: number; body: any } = await callWithKey(
        getCases,
        t.key,
        `/api/v1/cases?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect(page.status).toBe(200);
      expect(page.body.data.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.data.map((c: any) => c.number));
      cursor = page.body.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen.sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5]);
  });

  it('answers 422 naming the field for a bad filter, and 401 without a key', async () => {
    const t = await tenantWithKey();
    const bad = await callWithKey(getCases, t.key, '/api/v1/cases?status=archived');
    expect(bad.status).toBe(422);
    expect(bad.body.error.code).toBe('validation');
    expect(bad.body.error.message).toContain('status');
    const badCursor = await callWithKey(getCases, t.key, '/api/v1/cases?cursor=nonsense');
    expect(badCursor.status).toBe(422);
    const anonymous = await getCases(new Request('http://caseflow.test/api/v1/cases'), { params: Promise.resolve({}) });
    expect(anonymous.status).toBe(401);
  });

  it('never lists another tenant’s cases', async () => {
    const a = await tenantWithKey();
    const b = await tenantWithKey();
    await newCase(b.tenantId, b.mailbox, 'Secret of B');
    const listA = await callWithKey(getCases, a.key, `/api/v1/cases?mailboxId=${b.mailbox.id}`);
    expect(listA.status).toBe(200);
    expect(listA.body.data).toEqual([]);
  });
});

describe('GET /api/v1/cases/:number', () => {
  it('returns the case with its history', async () => {
    const t = await tenantWithKey();
    const c = await newCase(t.tenantId, t.mailbox, 'Printer on fire', 'ann@customer.example');
    const res = await callWithKey(getCase, t.key, `/api/v1/cases/${c.caseNumber}`, { number: String(c.caseNumber) });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      number: c.caseNumber,
      subject: 'Printer on fire',
      status: 'open',
      requester: { email: 'ann@customer.example' },
    });
    expect(res.body.messages).toEqual([
      expect.objectContaining({
        direction: 'in',
        from: 'ann@customer.example',
        text: expect.stringContaining('Printer on fire'),
      }),
    ]);
  });

  it('answers 404 for another tenant’s number, a missing one and a malformed one alike', async () => {
    const a = await tenantWithKey();
    const b = await tenantWithKey();
    // B's case gets a number A does not have.
    await newCase(b.tenantId, b.mailbox, 'one');
    const c = await newCase(b.tenantId, b.mailbox, 'two');
    for (const number of [String(c.caseNumber), '999999', 'abc', '0', '-1', '1.5', '1e3', '9'.repeat(30)]) {
      const res = await callWithKey(getCase, a.key, `/api/v1/cases/${number}`, { number });
      expect(res.status, number).toBe(404);
      expect(res.body.error.code).toBe('not_found');
      const messages = await callWithKey(getCaseMessages, a.key, `/api/v1/cases/${number}/messages`, { number });
      expect(messages.status, number).toBe(404);
    }
    const own = await callWithKey(getCase, b.key, `/api/v1/cases/${c.caseNumber}`, { number: String(c.caseNumber) });
    expect(own.status).toBe(200);
  });
});

describe('GET /api/v1/cases/:number/messages', () => {
  it('pages through a case’s history oldest first', async () => {
    const t = await tenantWithKey();
    const c = await newCase(t.tenantId, t.mailbox, 'Long thread', 'long@customer.example');
    const [{ messageId: firstId }] = (await callWithKey(getCase, t.key, '', { number: String(c.caseNumber) })).body
      .messages;
    let parent = firstId;
    for (let i = 0; i < 3; i++) {
      const id = `r${i}-${uid()}@customer.example`;
      const r = await receiveBuiltMail(t.tenantId, t.mailbox, {
        from: 'long@customer.example',
        subject: 'Re: Long thread',
        inReplyTo: parent,
        messageId: id,
        text: `reply ${i}`,
      });
      expect(r.outcome).toBe('appended');
      parent = id;
    }
    const first = await callWithKey(getCaseMessages, t.key, `/api/v1/cases/${c.caseNumber}/messages?limit=3`, {
      number: String(c.caseNumber),
    });
    expect(first.status).toBe(200);
    expect(first.body.data).toHaveLength(3);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await callWithKey(
      getCaseMessages,
      t.key,
      `/api/v1/cases/${c.caseNumber}/messages?limit=3&cursor=${encodeURIComponent(first.body.nextCursor)}`,
      {
        number: String(c.caseNumber),
      },
    );
    expect(second.body.data.map((m: any) => m.text.trim())).toEqual(['reply 2']);
    expect(second.body.nextCursor).toBeNull();
  });
});

describe('GET /api/v1/ignored-messages', () => {
  it('lists ignored and quarantined mail with its reason, filtered by outcome', async () => {
    const t = await tenantWithKey();
    await receiveAutoReply(t.tenantId, t.mailbox, { from: 'ooo@customer.example', subject: 'Out of office' });
    await receiveOversized(t.tenantId, t.mailbox, {
      from: 'Big Sender <big@customer.example>',
      subject: 'Huge',
      messageId: 'huge-1@customer.example',
      date: new Date('2026-03-02T09:30:00Z'),
    });

    const all = await callWithKey(getIgnored, t.key, '/api/v1/ignored-messages');
    expect(all.status).toBe(200);
    expect(all.body.data).toHaveLength(2);
    expect(all.body.data).toContainEqual(
      expect.objectContaining({
        outcome: 'ignored',
        from: 'ooo@customer.example',
        reason: 'header:auto-submitted=auto-replied',
      }),
    );
    const quarantined = await callWithKey(getIgnored, t.key, '/api/v1/ignored-messages?outcome=quarantined');
    // Too large to parse, yet its header section names it: sender, subject, date and Message-ID.
    expect(quarantined.body.data).toEqual([
      expect.objectContaining({
        outcome: 'quarantined',
        reason: expect.stringMatching(/^too-large:/),
        from: 'big@customer.example',
        fromName: 'Big Sender',
        subject: 'Huge',
        sentAt: '2026-03-02T09:30:00.000Z',
        messageId: 'huge-1@customer.example',
      }),
    ]);
    const bad = await callWithKey(getIgnored, t.key, '/api/v1/ignored-messages?outcome=deleted');
    expect(bad.status).toBe(422);
  });
});

describe('POST /api/v1/ignored-messages/:id/release', () => {
  it('releases the key’s tenant’s message, and answers 404 for another tenant’s or a malformed id', async () => {
    const a = await tenantWithKey();
    const b = await tenantWithKey();
    await receiveAutoReply(b.tenantId, b.mailbox, { from: 'ooo@customer.example', subject: 'Away' });
    const [ignoredOfB] = (await callWithKey(getIgnored, b.key, '/api/v1/ignored-messages')).body.data;

    for (const id of [ignoredOfB.id, 'not-a-uuid']) {
      const res = await callWithKey(releaseIgnored, a.key, `/api/v1/ignored-messages/${id}/release`, { id }, 'POST');
      expect(res.status, id).toBe(404);
    }
    const released = await callWithKey(
      releaseIgnored,
      b.key,
      `/api/v1/ignored-messages/${ignoredOfB.id}/release`,
      { id: ignoredOfB.id },
      'POST',
    );
    expect(released.status).toBe(200);
    expect(released.body).toMatchObject({ outcome: 'created', caseNumber: 1, unreadable: false });
    const after = (await callWithKey(getIgnored, b.key, '/api/v1/ignored-messages')).body.data[0];
    expect(after).toMatchObject({ released: true, releasedCaseNumber: 1 });
  });
});

describe('tampered pagination cursors', () => {
  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const id = '00000000-0000-4000-8000-000000000000';

  // Each used to answer 500: the shape passed the check and PostgreSQL's cast failed.
  it.each([
    ['/api/v1/cases', b64(['cases', '2026-99-01T00:00:00.000000Z', id])],
    ['/api/v1/cases', b64(['cases', '0000-01-01T00:00:00.000000Z', id])],
    ['/api/v1/cases?q=printer', b64(['search', 'rank', '1e999', id])],
    ['/api/v1/cases?q=printer', b64(['search', 'recent', '2026-02-30T25:00:00.000000Z', id])],
    ['/api/v1/ignored-messages', b64(['ignored', '2026-13-01T00:00:00.000000Z', id])],
    ['/api/v1/ignored-messages', b64(['ignored', '0000-01-01T00:00:00.000000Z', id])],
  ])('%s with a tampered cursor is a 422 that says to start again', async (path, cursor) => {
    const t = await tenantWithKey();
    await newCase(t.tenantId, t.mailbox, 'Printer jammed');
    const handler = path.startsWith('/api/v1/ignored') ? getIgnored : getCases;
    const sep = path.includes('?') ? '&' : '?';
    const res = await callWithKey(handler, t.key, `${path}${sep}cursor=${cursor}`);
    expect(res.status).toBe(422);
    expect(res.body.error.message).toMatch(/cursor/);
  });
});

describe('GET /api/v1/attachments/:id with a long file name', () => {
  it('a 199-character name ending in an emoji downloads (it used to split the surrogate pair: 500)', async () => {
    const t = await tenantWithKey();
    const filename = `${'a'.repeat(199)}\u{1F600}.txt`;
    const created = await receiveBuiltMail(t.tenantId, t.mailbox, {
      from: `c-${uid()}@customer.example`,
      subject: 'Long name',
      text: 'see attached',
      attachments: [{ filename, contentType: 'text/plain', content: Buffer.from('hello') }],
    });
    const [row] = await withTenant(t.tenantId, (tx) =>
      tx.select({ id: attachments.id }).from(attachments).where(eq(attachments.tenantId, t.tenantId)),
    );
    expect(created.outcome).toBe('created');
    const res = await getAttachment(
      new Request(`http://caseflow.test/api/v1/attachments/${row.id}`, {
        headers: { authorization: `Bearer ${t.key}` },
      }),
      { params: Promise.resolve({ id: row.id }) },
    );
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).toString()).toBe('hello');
    const disposition = res.headers.get('content-disposition')!;
    const encoded = /filename\*=UTF-8''(.*)$/.exec(disposition)![1];
    expect(decodeURIComponent(encoded)).toBe('a'.repeat(199));
  });
});
