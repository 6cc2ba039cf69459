// The tab title's number (lib/workspace/count-unread-cases.ts) against real PostgreSQL: my Open and Pending cases
// with customer mail I have not seen since I opened them; not other agents' cases, not Closed ones, not imported
// history.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { withTenant } from '@/db/tenancy';
import { updateCase } from '@/lib/cases/update-case';
import { countUnreadCases } from '@/lib/workspace/count-unread-cases';
import { markCaseRead } from '@/lib/workspace/mark-case-read';
import { receiveBuiltMail } from '@/tests/helpers/receive-built-mail';
import { makeMailboxRow, type TestMailbox } from '@/tests/helpers/receive-mail';
import { makeTenant, type TestTenant } from '@/tests/helpers/tenant';

const uid = () => randomBytes(4).toString('hex');

async function mail(t: TestTenant, mailbox: TestMailbox, opts: { inReplyTo?: string; imported?: boolean } = {}) {
  const messageId = `m-${uid()}@customer.example`;
  const r = await receiveBuiltMail(
    t.tenantId,
    mailbox,
    {
      from: `c-${uid()}@customer.example`,
      subject: 'Question',
      text: 'Hello?',
      messageId,
      ...(opts.inReplyTo ? { inReplyTo: opts.inReplyTo, references: [opts.inReplyTo] } : {}),
    },
    { imported: opts.imported },
  );
  return { caseNumber: (r as { caseNumber: number }).caseNumber, caseId: (r as { caseId: string }).caseId, messageId };
}

describe('unread count', () => {
  it('counts my open cases with unseen customer mail, not closed ones, not imported history', async () => {
    const t = await makeTenant('unread');
    const mailbox = await makeMailboxRow(t.tenantId);
    const me = { kind: 'user' as const, userId: t.ownerUserId };
    const set = (number: number, input: Record<string, unknown>) =>
      withTenant(t.tenantId, (tx) => updateCase(tx, { tenantId: t.tenantId, number, input, actor: me }));
    const count = () => withTenant(t.tenantId, (tx) => countUnreadCases(tx, { userId: t.ownerUserId }));

    const a = await mail(t, mailbox);
    const b = await mail(t, mailbox);
    const closed = await mail(t, mailbox);
    const old = await mail(t, mailbox, { imported: true });
    await mail(t, mailbox); // nobody's
    for (const c of [a, b, closed, old]) await set(c.caseNumber, { assigneeId: t.ownerUserId, status: 'open' });
    await set(closed.caseNumber, { status: 'closed' });
    expect(await count()).toBe(2);

    await withTenant(t.tenantId, (tx) =>
      markCaseRead(tx, { tenantId: t.tenantId, userId: t.ownerUserId, caseId: a.caseId }),
    );
    expect(await count()).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await mail(t, mailbox, { inReplyTo: a.messageId });
    expect(await count()).toBe(2);
  });
});
