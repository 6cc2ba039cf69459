// The per-sender circuit breaker's count, against real PostgreSQL (arrival times simulated with `at`).
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { withTenant } from '@/db/tenancy';
import { FLOOD_THRESHOLD } from '@/lib/acknowledgements/ack-limits';
import { isSenderFlooding } from '@/lib/acknowledgements/is-sender-flooding';
import { receiveBuiltMail } from '@/tests/helpers/receive-built-mail';
import { makeMailboxRow, type TestMailbox } from '@/tests/helpers/receive-mail';
import { makeTenant } from '@/tests/helpers/tenant';

const uid = () => randomBytes(5).toString('hex');
const MINUTE = 60_000;

async function deliver(
  tenantId: string,
  mailbox: TestMailbox,
  from: string,
  at: Date,
  headers?: Record<string, string>,
) {
  return receiveBuiltMail(tenantId, mailbox, { from, subject: `m ${uid()}`, text: 'x', headers }, { at });
}

const flooding = (tenantId: string, mailboxId: string, sender: string, now: Date) =>
  withTenant(tenantId, (tx) => isSenderFlooding(tx, { mailboxId, sender, now }));

describe('isSenderFlooding', () => {
  it(`trips at more than ${FLOOD_THRESHOLD} messages from one sender to one mailbox within 10 minutes, counting ignored ones too`, async () => {
    const { tenantId } = await makeTenant('flood');
    const mailbox = await makeMailboxRow(tenantId);
    const other = await makeMailboxRow(tenantId);
    const sender = `flood-${uid()}@customer.example`;
    const start = new Date(Date.now() - 2 * 24 * 60 * MINUTE);

    // 15 new cases and 5 auto-replies (ignored) within 5 minutes: exactly the threshold, not more.
    for (let i = 0; i < FLOOD_THRESHOLD; i++) {
      await deliver(
        tenantId,
        mailbox,
        sender,
        new Date(start.getTime() + i * 15_000),
        i % 4 === 3 ? { 'Auto-Submitted': 'auto-replied' } : undefined,
      );
    }
    const at = new Date(start.getTime() + 5 * MINUTE);
    expect(await flooding(tenantId, mailbox.id, sender, at)).toBe(false);
    // Another mailbox's and another sender's mail do not count.
    await deliver(tenantId, other, sender, at);
    await deliver(tenantId, mailbox, `someone-else-${uid()}@customer.example`, at);
    expect(await flooding(tenantId, mailbox.id, sender, at)).toBe(false);

    await deliver(tenantId, mailbox, sender.toUpperCase(), at);
    expect(await flooding(tenantId, mailbox.id, sender, at)).toBe(true);
    expect(await flooding(tenantId, mailbox.id, sender.toUpperCase(), at)).toBe(true);
    // Judged at a time before the last ones arrived, or once the window has passed: not flooding.
    expect(await flooding(tenantId, mailbox.id, sender, new Date(start.getTime() + 2 * MINUTE))).toBe(false);
    expect(await flooding(tenantId, mailbox.id, sender, new Date(start.getTime() + 14 * MINUTE))).toBe(false);
  });

  it('sees nothing of another tenant', async () => {
    const a = await makeTenant('flood');
    const b = await makeTenant('flood');
    const mailbox = await makeMailboxRow(b.tenantId);
    const sender = `flood-${uid()}@customer.example`;
    const now = new Date();
    for (let i = 0; i <= FLOOD_THRESHOLD; i++)
      await deliver(b.tenantId, mailbox, sender, new Date(now.getTime() - i * 1000));
    expect(await flooding(b.tenantId, mailbox.id, sender, now)).toBe(true);
    expect(await withTenant(a.tenantId, (tx) => isSenderFlooding(tx, { mailboxId: mailbox.id, sender, now }))).toBe(
      false,
    );
  });
});
