// The read side of cases against real PostgreSQL: lists, filters, keyset pages, one case, ignored mail.
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { attachmentBlobs, attachments, caseMessages, cases, ignoredMessages, mailboxes } from '@/db/schema';
import { withTenant, type SystemTx } from '@/db/tenancy';
import { getCaseByNumber } from '@/lib/cases/queries/get-case';
import { listCaseMessages } from '@/lib/cases/queries/list-case-messages';
import { listCases, listCasesInput, type ListCasesInput } from '@/lib/cases/queries/list-cases';
import { listIgnoredMessages, type ListIgnoredMessagesInput } from '@/lib/cases/queries/list-ignored-messages';
import { makeTenant } from '@/tests/helpers/tenant';

type CaseSeed = {
  number: number;
  status?: 'open' | 'pending' | 'closed';
  imported?: boolean;
  mailboxId?: string;
  assigneeId?: string;
  /** Microseconds before a fixed base time: lets tests make ties and sub-millisecond differences. */
  agoMicros?: number;
};

const BASE = '2026-01-01T12:00:00.000000Z';

async function seedCases(tenantId: string, seeds: CaseSeed[]): Promise<Map<number, string>> {
  return withTenant(tenantId, async (tx) => {
    const rows = await tx
      .insert(cases)
      .values(
        seeds.map((s) => ({
          tenantId,
          number: s.number,
          subject: `Subject ${s.number}`,
          status: s.status ?? 'open',
          imported: s.imported ?? false,
          requesterEmail: `r${s.number}@customer.example`,
          requesterName: `Requester ${s.number}`,
          mailboxId: s.mailboxId ?? null,
          assigneeId: s.assigneeId ?? null,
          lastActivityAt: sql`${BASE}::timestamptz - make_interval(secs => ${(s.agoMicros ?? s.number * 1000) / 1e6})`,
        })),
      )
      .returning({ id: cases.id, number: cases.number });
    return new Map(rows.map((r) => [Number(r.number), r.id]));
  });
}

async function seedMailbox(tenantId: string): Promise<string> {
  return withTenant(tenantId, async (tx) => {
    const [m] = await tx
      .insert(mailboxes)
      .values({
        tenantId,
        email: `support-${randomBytes(4).toString('hex')}@acme.example`,
        username: 'u',
        protocol: 'imap',
        host: 'imap.acme.example',
        port: 143,
      })
      .returning({ id: mailboxes.id });
    return m.id;
  });
}

async function allPages<T>(
  fetch: (cursor?: string) => Promise<{ items: T[]; nextCursor: string | null }>,
  between?: () => Promise<void>,
) {
  const items: T[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 100; i++) {
    const page = await fetch(cursor);
    items.push(...page.items);
    if (!page.nextCursor) return items;
    cursor = page.nextCursor;
    await between?.();
  }
  throw new Error('pagination did not end');
}

const list = (tenantId: string, input: ListCasesInput = {}) => withTenant(tenantId, (tx) => listCases(tx, input));
const numbers = (items: { number: number }[]) => items.map((i) => i.number);

describe('listCases', () => {
  it('returns cases most recently active first', async () => {
    const { tenantId } = await makeTenant('q');
    await seedCases(tenantId, [
      { number: 1, agoMicros: 5 },
      { number: 2, agoMicros: 50 },
      { number: 3, agoMicros: 1 },
    ]);
    const { items, nextCursor } = await list(tenantId);
    expect(numbers(items)).toEqual([3, 1, 2]);
    expect(nextCursor).toBeNull();
    expect(items[0]).toEqual({
      number: 3,
      subject: 'Subject 3',
      status: 'open',
      imported: false,
      requester: { email: 'r3@customer.example', name: 'Requester 3' },
      mailboxId: null,
      assigneeId: null,
      priority: 'normal',
      tags: [],
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
      lastActivityAt: '2026-01-01T11:59:59.999Z',
    });
    expect(items[0]).not.toHaveProperty('messages');
  });

  it('pagination returns every case exactly once, even with ties and sub-millisecond differences', async () => {
    const { tenantId } = await makeTenant('q');
    // 40 cases: groups sharing one timestamp, and neighbours 1 µs apart inside the same millisecond.
    const seeds = Array.from({ length: 40 }, (_, i) => ({
      number: i + 1,
      agoMicros: Math.floor(i / 4) * 1 + (i % 3 === 0 ? 0 : 1000),
    }));
    await seedCases(tenantId, seeds);
    const seen = numbers(await allPages((cursor) => list(tenantId, { limit: 7, cursor })));
    expect(seen).toHaveLength(40);
    expect(new Set(seen).size).toBe(40);
    const single = numbers((await list(tenantId, { limit: 200 })).items);
    expect(seen).toEqual(single);
  });

  it('cases created while paging do not cause duplicates or skip older cases', async () => {
    const { tenantId } = await makeTenant('q');
    await seedCases(
      tenantId,
      Array.from({ length: 30 }, (_, i) => ({ number: i + 1 })),
    );
    let next = 1000;
    const seen = numbers(
      await allPages(
        (cursor) => list(tenantId, { limit: 4, cursor }),
        async () => {
          // New mail arrives between pages: newer than anything already listed.
          await withTenant(tenantId, (tx) =>
            tx.insert(cases).values({ tenantId, number: next++, subject: 'new', requesterEmail: 'n@customer.example' }),
          );
        },
      ),
    );
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.filter((n) => n <= 30).sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(seen.filter((n) => n >= 1000)).toEqual([]);
  });

  it('filters by status, mailbox, imported flag and assignee', async () => {
    const { tenantId, ownerUserId } = await makeTenant('q');
    const mailboxId = await seedMailbox(tenantId);
    await seedCases(tenantId, [
      { number: 1, status: 'closed', imported: true, mailboxId },
      { number: 2, status: 'open', mailboxId, assigneeId: ownerUserId },
      { number: 3, status: 'pending' },
      { number: 4, status: 'open', assigneeId: ownerUserId },
    ]);
    expect(numbers((await list(tenantId, { status: 'open' })).items)).toEqual([2, 4]);
    expect(numbers((await list(tenantId, { status: 'closed' })).items)).toEqual([1]);
    expect(numbers((await list(tenantId, { mailboxId })).items)).toEqual([1, 2]);
    expect(numbers((await list(tenantId, { imported: true })).items)).toEqual([1]);
    expect(numbers((await list(tenantId, { imported: 'false' })).items)).toEqual([2, 3, 4]);
    expect(numbers((await list(tenantId, { assignee: 'unassigned' })).items)).toEqual([1, 3]);
    expect(numbers((await list(tenantId, { assignee: ownerUserId, status: 'open', mailboxId })).items)).toEqual([2]);
  });

  it('filter values arrive as query-string text', () => {
    const parsed = listCasesInput.parse({ limit: '10', imported: 'false', includeMessages: '1', status: 'open' });
    expect(parsed).toMatchObject({ limit: 10, imported: false, includeMessages: true, status: 'open' });
    expect(listCasesInput.parse({ limit: '5000' }).limit).toBe(200);
    expect(listCasesInput.parse({}).limit).toBe(50);
    expect(listCasesInput.safeParse({ limit: '0' }).success).toBe(false);
    expect(listCasesInput.safeParse({ status: 'deleted' }).success).toBe(false);
    expect(listCasesInput.safeParse({ assignee: 'someone' }).success).toBe(false);
  });

  it('with includeMessages, each case carries its message summaries in order', async () => {
    const { tenantId } = await makeTenant('q');
    const ids = await seedCases(tenantId, [{ number: 1 }, { number: 2 }, { number: 3 }]);
    await withTenant(tenantId, (tx) =>
      tx.insert(caseMessages).values([
        {
          tenantId,
          caseId: ids.get(1)!,
          direction: 'in',
          messageId: 'm1@x',
          fromAddress: 'r1@customer.example',
          subject: 'Hi',
          sentAt: new Date('2026-01-01T10:00:00Z'),
        },
        {
          tenantId,
          caseId: ids.get(1)!,
          direction: 'out',
          messageId: 'm2@x',
          fromAddress: 'support@acme.example',
          subject: 'Re: Hi',
          sentAt: new Date('2026-01-01T11:00:00Z'),
        },
        { tenantId, caseId: ids.get(2)!, direction: 'system', systemKind: 'imported' },
      ]),
    );
    const { items } = await list(tenantId, { includeMessages: true });
    expect(items.map((i) => [i.number, i.messages?.length])).toEqual([
      [1, 2],
      [2, 1],
      [3, 0],
    ]);
    expect(items[0].messages).toEqual([
      {
        messageId: 'm1@x',
        direction: 'in',
        from: 'r1@customer.example',
        subject: 'Hi',
        sentAt: '2026-01-01T10:00:00.000Z',
      },
      {
        messageId: 'm2@x',
        direction: 'out',
        from: 'support@acme.example',
        subject: 'Re: Hi',
        sentAt: '2026-01-01T11:00:00.000Z',
      },
    ]);
    expect(items[1].messages).toEqual([
      { messageId: null, direction: 'system', from: null, subject: null, sentAt: null },
    ]);
  });

  it('lists only the current tenant’s cases; a system transaction is refused by the type checker', async () => {
    const a = await makeTenant('qa');
    const b = await makeTenant('qb');
    await seedCases(a.tenantId, [{ number: 1 }, { number: 2 }]);
    await seedCases(b.tenantId, [{ number: 1 }]);
    expect((await list(a.tenantId)).items).toHaveLength(2);
    expect((await list(b.tenantId)).items).toHaveLength(1);
    // Tenant queries rely on row-level security alone (docs/architecture.md), so a system transaction, which
    // sees every tenant, must never reach them: `npm test`'s typecheck fails if this line compiles.
    // @ts-expect-error a SystemTx is not a TenantTx
    void ((tx: SystemTx) => listCases(tx));
  });

  it('a malformed cursor or one from another list is a validation error', async () => {
    const { tenantId } = await makeTenant('q');
    await seedCases(tenantId, [{ number: 1 }, { number: 2 }]);
    await expect(list(tenantId, { cursor: 'not-a-cursor' })).rejects.toMatchObject({ code: 'validation' });
    await expect(
      list(tenantId, { cursor: Buffer.from('["cases","x","y"]').toString('base64url') }),
    ).rejects.toMatchObject({ code: 'validation' });
    await withTenant(tenantId, async (tx) => {
      await tx
        .insert(ignoredMessages)
        .values([1, 2].map((i) => ({ tenantId, outcome: 'ignored' as const, kind: 'list', reason: `r${i}` })));
    });
    const ignoredCursor = (await withTenant(tenantId, (tx) => listIgnoredMessages(tx, { limit: 1 }))).nextCursor!;
    expect(ignoredCursor).toBeTruthy();
    await expect(list(tenantId, { cursor: ignoredCursor })).rejects.toMatchObject({ code: 'validation' });
  });
});

describe('getCaseByNumber and listCaseMessages', () => {
  async function seedHistory(tenantId: string, count: number) {
    const ids = await seedCases(tenantId, [{ number: 7, status: 'pending' }]);
    const caseId = ids.get(7)!;
    return withTenant(tenantId, async (tx) => {
      // All in one transaction, so created_at ties: the Date header and id order them.
      const rows = await tx
        .insert(caseMessages)
        .values(
          Array.from({ length: count }, (_, i) => ({
            tenantId,
            caseId,
            direction: 'in' as const,
            messageId: `m${i}@x`,
            fromAddress: 'r7@customer.example',
            fromName: 'Requester',
            to: [{ address: 'support@acme.example' }],
            subject: `msg ${i}`,
            text: `body ${i}`,
            html: `<p>body ${i}</p>`,
            sentAt: new Date(Date.UTC(2026, 0, 1, 0, i)),
          })),
        )
        .returning({ id: caseMessages.id, messageId: caseMessages.messageId });
      const [blob] = await tx
        .insert(attachmentBlobs)
        .values({ tenantId, sha256: randomBytes(32).toString('hex'), size: 3, content: Buffer.from('abc') })
        .returning({ id: attachmentBlobs.id });
      await tx.insert(attachments).values({
        tenantId,
        caseMessageId: rows.find((r) => r.messageId === 'm0@x')!.id,
        blobId: blob.id,
        filename: 'report.pdf',
        contentType: 'application/pdf',
        size: 3,
        contentId: 'img1',
        inline: true,
      });
      return caseId;
    });
  }

  it('a case comes with its whole history and attachment metadata', async () => {
    const { tenantId } = await makeTenant('q');
    const caseId = await seedHistory(tenantId, 3);
    const detail = await withTenant(tenantId, (tx) => getCaseByNumber(tx, 7));
    expect(detail).toMatchObject({
      id: caseId,
      number: 7,
      status: 'pending',
      requester: { email: 'r7@customer.example' },
      closedAt: null,
    });
    expect(detail.messages.map((m) => m.messageId)).toEqual(['m0@x', 'm1@x', 'm2@x']);
    expect(detail.messages[0]).toMatchObject({
      direction: 'in',
      from: 'r7@customer.example',
      fromName: 'Requester',
      to: [{ address: 'support@acme.example' }],
      cc: [],
      text: 'body 0',
      html: '<p>body 0</p>',
      sentAt: '2026-01-01T00:00:00.000Z',
      attachments: [
        {
          id: expect.any(String),
          filename: 'report.pdf',
          contentType: 'application/pdf',
          size: 3,
          contentId: 'img1',
          inline: true,
        },
      ],
    });
    expect(detail.messages[0].attachments[0]).not.toHaveProperty('content');
    expect(detail.messages[1].attachments).toEqual([]);
  });

  it('an unknown case number, or another tenant’s, is not found', async () => {
    const a = await makeTenant('qa');
    const b = await makeTenant('qb');
    await seedCases(a.tenantId, [{ number: 1 }]);
    await expect(withTenant(b.tenantId, (tx) => getCaseByNumber(tx, 1))).rejects.toMatchObject({ code: 'not_found' });
    await expect(withTenant(a.tenantId, (tx) => getCaseByNumber(tx, 2))).rejects.toMatchObject({ code: 'not_found' });
    await expect(withTenant(a.tenantId, (tx) => getCaseByNumber(tx, 'abc'))).rejects.toMatchObject({
      code: 'validation',
    });
    await expect(withTenant(b.tenantId, (tx) => listCaseMessages(tx, 1))).rejects.toMatchObject({ code: 'not_found' });
  });

  it('a long history pages oldest first, each message exactly once', async () => {
    const { tenantId } = await makeTenant('q');
    await seedHistory(tenantId, 23);
    const seen = await allPages((cursor) =>
      withTenant(tenantId, (tx) => listCaseMessages(tx, '7', { limit: '5', cursor })),
    );
    expect(seen.map((m) => m.messageId)).toEqual(Array.from({ length: 23 }, (_, i) => `m${i}@x`));
    expect(seen.find((m) => m.messageId === 'm0@x')?.attachments).toHaveLength(1);
  });
});

describe('listIgnoredMessages', () => {
  const ignored = (tenantId: string, input: ListIgnoredMessagesInput = {}) =>
    withTenant(tenantId, (tx) => listIgnoredMessages(tx, input));

  it('lists ignored and quarantined mail together, newest first, with the case it refers to', async () => {
    const { tenantId } = await makeTenant('q');
    const mailboxId = await seedMailbox(tenantId);
    const ids = await seedCases(tenantId, [{ number: 4 }, { number: 5 }]);
    await withTenant(tenantId, (tx) =>
      tx.insert(ignoredMessages).values([
        {
          tenantId,
          mailboxId,
          outcome: 'ignored',
          kind: 'bounce',
          reason: 'report:delivery-status',
          fromAddress: 'mailer-daemon@mx.example',
          subject: 'Undeliverable',
          messageId: 'b1@mx',
          caseId: ids.get(4)!,
          createdAt: new Date('2026-01-01T10:00:00Z'),
        },
        {
          tenantId,
          mailboxId,
          outcome: 'quarantined',
          kind: 'normal',
          reason: 'size-limit',
          fromAddress: 'big@customer.example',
          subject: 'huge',
          createdAt: new Date('2026-01-01T11:00:00Z'),
        },
        {
          tenantId,
          outcome: 'ignored',
          kind: 'vacation',
          reason: 'header:auto-submitted=auto-replied',
          fromAddress: 'away@customer.example',
          subject: 'Out of office',
          releasedCaseId: ids.get(5)!,
          releasedAt: new Date(),
          createdAt: new Date('2026-01-01T09:00:00Z'),
        },
      ]),
    );
    const { items, nextCursor } = await ignored(tenantId);
    expect(nextCursor).toBeNull();
    expect(items.map((i) => [i.subject, i.outcome])).toEqual([
      ['huge', 'quarantined'],
      ['Undeliverable', 'ignored'],
      ['Out of office', 'ignored'],
    ]);
    expect(items[1]).toMatchObject({
      messageId: 'b1@mx',
      from: 'mailer-daemon@mx.example',
      kind: 'bounce',
      reason: 'report:delivery-status',
      caseNumber: 4,
      released: false,
      mailboxId,
    });
    expect(items[0]).not.toHaveProperty('caseNumber');
    expect(items[2]).toMatchObject({ released: true, releasedCaseNumber: 5 });
    expect((await ignored(tenantId, { mailboxId })).items).toHaveLength(2);
    expect((await ignored(tenantId, { outcome: 'quarantined' })).items.map((i) => i.subject)).toEqual(['huge']);
  });

  it('pages through every ignored message exactly once, and shows no other tenant’s', async () => {
    const a = await makeTenant('qa');
    const b = await makeTenant('qb');
    await withTenant(a.tenantId, (tx) =>
      tx.insert(ignoredMessages).values(
        Array.from({ length: 17 }, (_, i) => ({
          tenantId: a.tenantId,
          outcome: 'ignored' as const,
          kind: 'list',
          reason: 'header:list-id',
          subject: `n${i}`,
        })),
      ),
    );
    await withTenant(b.tenantId, (tx) =>
      tx
        .insert(ignoredMessages)
        .values({ tenantId: b.tenantId, outcome: 'ignored', kind: 'list', reason: 'x', subject: 'other' }),
    );
    const seen = await allPages((cursor) => ignored(a.tenantId, { limit: '4', cursor }));
    expect(seen.map((i) => i.subject).sort()).toEqual(Array.from({ length: 17 }, (_, i) => `n${i}`).sort());
    expect((await ignored(b.tenantId)).items.map((i) => i.subject)).toEqual(['other']);
  });
});
