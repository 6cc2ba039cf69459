// Merging two cases (lib/cases/merge-cases.ts) against real PostgreSQL: the merged case's messages, notes and
// attachments join the target with the histories interleaved by time, its number leads to the target (lib,
// API, a reply to its mail), the kept counts stay equal to the cases, and a case.merged webhook goes out.
import { randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { queryRows } from '@/db/rows';
import { outboxEvents, webhookDeliveries } from '@/db/schema';
import { withSystem, withTenant } from '@/db/tenancy';
import { GET as getCaseRoute } from '@/app/api/v1/cases/[number]/route';
import { POST as mergeRoute } from '@/app/api/v1/cases/[number]/merge/route';
import { addNote } from '@/lib/cases/add-note';
import { countCasesByStatus } from '@/lib/cases/count-cases-by-status';
import { mergeCases } from '@/lib/cases/merge-cases';
import { getCaseByNumber } from '@/lib/cases/queries/get-case';
import { isAppError } from '@/lib/errors';
import { createWebhookDeliveries } from '@/lib/webhooks/create-webhook-deliveries';
import { createWebhookEndpoint } from '@/lib/webhooks/create-webhook-endpoint';
import { webhookPayloadSchema } from '@/lib/webhooks/events';
import { apiKeyFor } from '@/tests/helpers/api-key';
import { receiveBuiltMail } from '@/tests/helpers/receive-built-mail';
import { makeMailboxRow, type TestMailbox } from '@/tests/helpers/receive-mail';
import { makeTenant, type TestTenant } from '@/tests/helpers/tenant';

const uid = () => randomBytes(4).toString('hex');
const owner = (t: TestTenant) => ({ kind: 'user' as const, userId: t.ownerUserId });

async function mail(
  t: TestTenant,
  mailbox: TestMailbox,
  opts: { from: string; subject: string; text: string; inReplyTo?: string; file?: string },
) {
  const messageId = `m-${uid()}@customer.example`;
  const r = await receiveBuiltMail(t.tenantId, mailbox, {
    from: opts.from,
    subject: opts.subject,
    text: opts.text,
    messageId,
    ...(opts.inReplyTo ? { inReplyTo: opts.inReplyTo, references: [opts.inReplyTo] } : {}),
    ...(opts.file
      ? { attachments: [{ filename: opts.file, contentType: 'text/plain', content: Buffer.from('invoice data') }] }
      : {}),
  });
  if (r.outcome !== 'created' && r.outcome !== 'appended') throw new Error(`unexpected outcome ${r.outcome}`);
  return { caseNumber: r.caseNumber, messageId };
}

async function caseError(t: TestTenant, number: number) {
  try {
    await withTenant(t.tenantId, (tx) => getCaseByNumber(tx, number));
  } catch (err) {
    return err;
  }
  return null;
}

/** case_counts against count(*) over cases for one tenant, as "status|imported" → n. */
async function keptAndCounted(tenantId: string) {
  return withSystem(async (tx) => {
    const kept = await queryRows<{ k: string; n: string }>(
      tx,
      sql`select status || '|' || imported as k, sum(n)::text as n from case_counts where tenant_id = ${tenantId}
          group by 1 having sum(n) <> 0`,
    );
    const counted = await queryRows<{ k: string; n: string }>(
      tx,
      sql`select status || '|' || imported as k, count(*)::text as n from cases where tenant_id = ${tenantId} group by 1`,
    );
    const asMap = (rows: { k: string; n: string }[]) => Object.fromEntries(rows.map((r) => [r.k, Number(r.n)]));
    return { kept: asMap(kept), counted: asMap(counted) };
  });
}

describe('merging two cases', () => {
  it('moves the merged case’s messages, notes and attachments to the target, interleaved by time, and its number leads there', async () => {
    const t = await makeTenant('merge');
    const mailbox = await makeMailboxRow(t.tenantId);
    const from = `Rita <rita-${uid()}@customer.example>`;
    const a1 = await mail(t, mailbox, { from, subject: 'Printer broken', text: 'first of A' });
    const b1 = await mail(t, mailbox, { from, subject: 'Printer still broken', text: 'first of B', file: 'inv.txt' });
    await mail(t, mailbox, { from, subject: 'Re: Printer broken', text: 'second of A', inReplyTo: a1.messageId });
    await withTenant(t.tenantId, (tx) =>
      addNote(tx, { tenantId: t.tenantId, number: b1.caseNumber, input: { text: 'note on B' }, actor: owner(t) }),
    );
    await mail(t, mailbox, { from, subject: 'Re: Printer still broken', text: 'second of B', inReplyTo: b1.messageId });
    await withTenant(t.tenantId, (tx) =>
      tx.execute(sql`update cases set tags = '{hardware}', priority = 'high' where number = ${b1.caseNumber}`),
    );
    expect(await withTenant(t.tenantId, (tx) => countCasesByStatus(tx))).toEqual({ open: 2, pending: 0, closed: 0 });

    const before = await withTenant(t.tenantId, (tx) => getCaseByNumber(tx, b1.caseNumber));
    const merged = await withTenant(t.tenantId, (tx) =>
      mergeCases(tx, { tenantId: t.tenantId, number: b1.caseNumber, input: { into: a1.caseNumber }, actor: owner(t) }),
    );
    expect(merged).toMatchObject({
      number: a1.caseNumber,
      mergedCaseNumber: b1.caseNumber,
      movedMessages: before.messages.length,
    });
    expect(merged.tags).toEqual(['hardware']);
    expect(merged.priority).toBe('high');

    const c = await withTenant(t.tenantId, (tx) => getCaseByNumber(tx, a1.caseNumber));
    const story = c.messages.filter((m) => m.direction !== 'system').map((m) => m.text?.trim());
    expect(story).toEqual(['first of A', 'first of B', 'second of A', 'note on B', 'second of B']);
    expect(c.messages.find((m) => m.text?.trim() === 'first of B')?.attachments.map((f) => f.filename)).toEqual([
      'inv.txt',
    ]);
    expect(c.messages.at(-1)).toMatchObject({ direction: 'system', systemKind: 'merged' });
    expect(c.messages.at(-1)?.text).toContain(`merged case #${b1.caseNumber}`);

    // The old number is gone as a case and names the one it joined.
    const err = await caseError(t, b1.caseNumber);
    expect(isAppError(err) && err.code === 'not_found' && err.details?.mergedInto).toBe(a1.caseNumber);
    expect((err as Error).message).toBe(`Case #${b1.caseNumber} was merged into case #${a1.caseNumber}.`);

    // Counts: one open case, and the kept counts equal the cases.
    expect(await withTenant(t.tenantId, (tx) => countCasesByStatus(tx))).toEqual({ open: 1, pending: 0, closed: 0 });
    const { kept, counted } = await keptAndCounted(t.tenantId);
    expect(kept).toEqual(counted);

    // A reply to the merged case's mail joins the target.
    const later = await mail(t, mailbox, {
      from,
      subject: 'Re: Printer still broken',
      text: 'third of B',
      inReplyTo: b1.messageId,
    });
    expect(later.caseNumber).toBe(a1.caseNumber);
  });

  it('a case merged into one that is merged later leads to the last one; a case cannot join itself, a missing one or a merged one', async () => {
    const t = await makeTenant('merge-chain');
    const mailbox = await makeMailboxRow(t.tenantId);
    const from = `cust-${uid()}@customer.example`;
    const [x, y, z] = [
      await mail(t, mailbox, { from, subject: 'x', text: 'x' }),
      await mail(t, mailbox, { from, subject: 'y', text: 'y' }),
      await mail(t, mailbox, { from, subject: 'z', text: 'z' }),
    ];
    const merge = (number: number, into: number) =>
      withTenant(t.tenantId, (tx) =>
        mergeCases(tx, { tenantId: t.tenantId, number, input: { into }, actor: owner(t) }),
      );
    await merge(z.caseNumber, y.caseNumber);
    await merge(y.caseNumber, x.caseNumber);
    const err = await caseError(t, z.caseNumber);
    expect(isAppError(err) && err.details?.mergedInto).toBe(x.caseNumber);

    await expect(merge(x.caseNumber, x.caseNumber)).rejects.toThrow('A case cannot be merged into itself.');
    await expect(merge(x.caseNumber, 999_999)).rejects.toThrow('There is no case #999999.');
    await expect(merge(x.caseNumber, y.caseNumber)).rejects.toThrow(
      `Case #${y.caseNumber} was merged into case #${x.caseNumber}.`,
    );
  });

  it('over the API: POST …/merge answers the surviving case, GET of the old number answers 308 to it, and a case.merged webhook is built', async () => {
    const t = await makeTenant('merge-api');
    const mailbox = await makeMailboxRow(t.tenantId);
    const key = await apiKeyFor(t.tenantId);
    const endpoint = await withTenant(t.tenantId, (tx) =>
      createWebhookEndpoint(tx, {
        tenantId: t.tenantId,
        input: { url: 'http://127.0.0.1:9/merged', events: ['case.merged'] },
        actor: { kind: 'system' },
      }),
    );
    const from = `cust-${uid()}@customer.example`;
    const a = await mail(t, mailbox, { from, subject: 'Login fails', text: 'a' });
    const b = await mail(t, mailbox, { from, subject: 'Login fails again', text: 'b' });
    const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };

    const res = await mergeRoute(
      new Request(`http://caseflow.test/api/v1/cases/${b.caseNumber}/merge`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ into: a.caseNumber }),
      }),
      { params: Promise.resolve({ number: String(b.caseNumber) }) },
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ number: a.caseNumber, mergedCaseNumber: b.caseNumber });

    const old = await getCaseRoute(new Request(`http://caseflow.test/api/v1/cases/${b.caseNumber}`, { headers }), {
      params: Promise.resolve({ number: String(b.caseNumber) }),
    });
    expect(old.status).toBe(308);
    expect(old.headers.get('location')).toBe(`/api/v1/cases/${a.caseNumber}`);
    expect(await old.json()).toMatchObject({ mergedInto: a.caseNumber });

    const [event] = await withTenant(t.tenantId, (tx) =>
      tx.select().from(outboxEvents).where(eq(outboxEvents.type, 'case.merged')),
    );
    await createWebhookDeliveries(event);
    const [delivery] = await withTenant(t.tenantId, (tx) =>
      tx.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, endpoint.id)),
    );
    expect(webhookPayloadSchema('case.merged').parse(JSON.parse(delivery.body)).data).toMatchObject({
      caseNumber: a.caseNumber,
      mergedCaseNumber: b.caseNumber,
      mergedSubject: 'Login fails again',
      link: expect.stringMatching(new RegExp(`/t/${t.slug}/cases/${a.caseNumber}$`)),
    });
  });
});
