// `cases list`, `ignored list` and `ignored release` through the CLI's runner, against real PostgreSQL.
import { describe, expect, it } from 'vitest';
import '@/lib/cli/commands/cases';
import '@/lib/cli/commands/ignored';
import { receiveBuiltMail, receiveNewCase } from '@/tests/helpers/receive-built-mail';
import { receiveAutoReply, receiveOversized } from '@/tests/helpers/receive-ignored-mail';
import { makeMailboxRow } from '@/tests/helpers/receive-mail';
import { runCliJson } from '@/tests/helpers/run-cli-in-process';
import { makeTenant } from '@/tests/helpers/tenant';

async function setup() {
  const tenant = await makeTenant('cli');
  const mailbox = await makeMailboxRow(tenant.tenantId);
  return { ...tenant, mailbox };
}

describe('cases list', () => {
  it('prints every case with its messages in the documented shape', async () => {
    const t = await setup();
    await receiveNewCase(t.tenantId, t.mailbox, {
      from: 'Ann <ann@customer.example>',
      subject: 'Hello there',
      text: 'hi',
      messageId: 'hello-1@customer.example',
      date: new Date('2026-03-01T10:00:00Z'),
    });
    await receiveBuiltMail(t.tenantId, t.mailbox, {
      from: 'ann@customer.example',
      subject: 'Re: Hello there',
      text: 'again',
      messageId: 'hello-2@customer.example',
      inReplyTo: 'hello-1@customer.example',
      date: new Date('2026-03-01T11:00:00Z'),
    });

    const { code, json } = await runCliJson(['cases', 'list', '--tenant', t.slug, '--json']);
    expect(code).toBe(0);
    expect(json).toEqual([
      {
        number: 1,
        subject: 'Hello there',
        status: 'open',
        imported: false,
        requester: { email: 'ann@customer.example', name: 'Ann' },
        messages: [
          {
            messageId: 'hello-1@customer.example',
            direction: 'in',
            from: 'ann@customer.example',
            subject: 'Hello there',
            sentAt: '2026-03-01T10:00:00.000Z',
          },
          {
            messageId: 'hello-2@customer.example',
            direction: 'in',
            from: 'ann@customer.example',
            subject: 'Re: Hello there',
            sentAt: '2026-03-01T11:00:00.000Z',
          },
        ],
      },
    ]);
  });

  it('filters by status and pages through up to --limit', async () => {
    const t = await setup();
    for (let i = 0; i < 5; i++) {
      await receiveBuiltMail(
        t.tenantId,
        t.mailbox,
        { from: `p${i}@customer.example`, subject: `Imported ${i}`, text: 'x' },
        { imported: true },
      );
    }
    await receiveBuiltMail(t.tenantId, t.mailbox, { from: 'new@customer.example', subject: 'New one', text: 'x' });

    const closed = await runCliJson(['cases', 'list', '--tenant', t.slug, '--status', 'closed', '--limit', '4']);
    expect(closed.code).toBe(0);
    expect(closed.json).toHaveLength(4);
    expect(closed.json.every((c: any) => c.status === 'closed' && c.imported === true)).toBe(true);
    expect(closed.json[0].messages.map((m: any) => m.direction)).toEqual(['in', 'system']);

    const all = await runCliJson(['cases', 'list', '--tenant', t.slug]);
    expect(all.json.map((c: any) => c.number).sort((a: number, b: number) => a - b)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('refuses a bad --status or --limit and an unknown tenant', async () => {
    const t = await setup();
    expect((await runCliJson(['cases', 'list', '--tenant', t.slug, '--status', 'archived'])).code).toBe(1);
    expect((await runCliJson(['cases', 'list', '--tenant', t.slug, '--limit', 'zero'])).code).toBe(2);
    const unknown = await runCliJson(['cases', 'list', '--tenant', 'no-such-tenant-xyz']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('not_found');
  });
});

describe('ignored list / ignored release', () => {
  it('prints ignored and quarantined mail with kind, reason and the case it refers to', async () => {
    const t = await setup();
    await receiveNewCase(t.tenantId, t.mailbox, {
      from: 'bob@customer.example',
      subject: 'Order',
      text: 'x',
      messageId: 'order-1@customer.example',
    });
    await receiveAutoReply(t.tenantId, t.mailbox, {
      from: 'bob@customer.example',
      subject: 'Auto: Order',
      messageId: 'ooo-1@customer.example',
      inReplyTo: 'order-1@customer.example',
    });
    await receiveOversized(t.tenantId, t.mailbox, {
      from: 'big@customer.example',
      subject: 'Big',
      messageId: 'big-1@customer.example',
      date: new Date('2026-03-02T09:30:00Z'),
    });

    const { code, json } = await runCliJson(['ignored', 'list', '--tenant', t.slug, '--json']);
    expect(code).toBe(0);
    expect(json).toHaveLength(2);
    expect(json).toContainEqual({
      messageId: 'ooo-1@customer.example',
      from: 'bob@customer.example',
      subject: 'Auto: Order',
      sentAt: expect.any(String),
      kind: 'auto-reply',
      reason: 'header:auto-submitted=auto-replied',
      caseNumber: 1,
    });
    const quarantined = json.find((m: any) => m.kind === 'quarantined');
    // Too large to parse, yet its header section names it.
    expect(quarantined).toEqual({
      messageId: 'big-1@customer.example',
      from: 'big@customer.example',
      subject: 'Big',
      sentAt: '2026-03-02T09:30:00.000Z',
      kind: 'quarantined',
      reason: expect.stringMatching(/^too-large:/),
    });

    const limited = await runCliJson(['ignored', 'list', '--tenant', t.slug, '--limit', '1', '--ids']);
    expect(limited.json).toHaveLength(1);
    expect(limited.json[0].id).toEqual(expect.any(String));

    const released = await runCliJson(['ignored', 'release', '--tenant', t.slug, '--id', limited.json[0].id]);
    expect(released.code).toBe(0);
    expect(released.json).toMatchObject({ caseNumber: expect.any(Number), alreadyReleased: false });
  });
});
