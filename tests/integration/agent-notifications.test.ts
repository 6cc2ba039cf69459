// Notification emails to agents (lib/notifications/notify-agent.ts) at a real SMTP sink as SMTP_URL, from the
// outbox events real changes write: an assignment and a customer reply email the assignee once; the agent's
// own change, imported history and a setting turned off email nobody.
import { randomBytes } from 'node:crypto';
import { and, asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { outboxEvents } from '@/db/schema';
import { withSystem, withTenant } from '@/db/tenancy';
import { updateProfileName } from '@/lib/auth/update-profile-name';
import { updateCase } from '@/lib/cases/update-case';
import { createInvitation } from '@/lib/members/create-invitation';
import { acceptInvitation } from '@/lib/members/accept-invitation';
import { setNotificationSettings } from '@/lib/notifications/notification-settings';
import { notifyAgentForEvent } from '@/lib/notifications/notify-agent';
import { outboxConsumers } from '@/lib/outbox/consumers';
import '@/lib/outbox/register-consumers';
import { receiveBuiltMail } from '@/tests/helpers/receive-built-mail';
import { makeMailboxRow, type TestMailbox } from '@/tests/helpers/receive-mail';
import { makeTenant, type TestTenant } from '@/tests/helpers/tenant';
import { useSystemSmtpSink } from '@/tests/helpers/use-system-smtp-sink';

const uid = () => randomBytes(4).toString('hex');
const sink = useSystemSmtpSink();

async function addAgent(tenant: TestTenant, name: string) {
  const { token } = await withTenant(tenant.tenantId, (tx) =>
    createInvitation(tx, {
      tenantId: tenant.tenantId,
      role: 'agent',
      actor: { userId: tenant.ownerUserId, role: 'owner' },
    }),
  );
  const email = `agent-${uid()}@example.test`;
  const { userId } = await acceptInvitation({ token, user: { email, password: 'agent-password-1' } });
  await withSystem((tx) => updateProfileName(tx, { userId, input: { name } }));
  return { userId, email };
}

async function mail(
  t: TestTenant,
  mailbox: TestMailbox,
  opts: { text: string; inReplyTo?: string; imported?: boolean },
) {
  const messageId = `m-${uid()}@customer.example`;
  const r = await receiveBuiltMail(
    t.tenantId,
    mailbox,
    {
      from: 'Rita Customer <rita@customer.example>',
      subject: opts.inReplyTo ? 'Re: Parcel lost' : 'Parcel lost',
      text: opts.text,
      messageId,
      ...(opts.inReplyTo ? { inReplyTo: opts.inReplyTo, references: [opts.inReplyTo] } : {}),
    },
    { imported: opts.imported },
  );
  return { ...(r as { caseNumber: number }), messageId };
}

/** The tenant's outbox events of one type not handled by this test yet, oldest first. */
const seen = new Set<string>();
async function newEvents(t: TestTenant, type: string) {
  const rows = await withTenant(t.tenantId, (tx) =>
    tx
      .select()
      .from(outboxEvents)
      .where(and(eq(outboxEvents.tenantId, t.tenantId), eq(outboxEvents.type, type)))
      .orderBy(asc(outboxEvents.createdAt)),
  );
  const fresh = rows.filter((r) => !seen.has(r.id));
  for (const r of fresh) seen.add(r.id);
  return fresh;
}

const assign = (t: TestTenant, number: number, assigneeId: string, byUserId: string) =>
  withTenant(t.tenantId, (tx) =>
    updateCase(tx, { tenantId: t.tenantId, number, input: { assigneeId }, actor: { kind: 'user', userId: byUserId } }),
  );

describe('notification emails', () => {
  it('is an outbox consumer', () => {
    expect(outboxConsumers().map((c) => c.name)).toContain('agent-notifications');
  });

  it('an assignment by someone else emails the assignee once; assigning yourself emails nobody', async () => {
    const t = await makeTenant('notify-assign');
    const mailbox = await makeMailboxRow(t.tenantId);
    const ana = await addAgent(t, 'Ana Agent');
    const first = await mail(t, mailbox, { text: 'Where is my parcel?' });
    const second = await mail(t, mailbox, { text: 'Another parcel' });
    await newEvents(t, 'case.updated');

    await assign(t, first.caseNumber, ana.userId, t.ownerUserId);
    const [event] = await newEvents(t, 'case.updated');
    const before = sink.messages.length;
    expect(await notifyAgentForEvent(event)).toBe(true);
    const [sent] = (await sink.waitFor(before + 1)).slice(before);
    expect(sent.envelope.to).toEqual([ana.email]);
    expect(sent.parsed.subject).toBe(`Case #${first.caseNumber} assigned to you: Parcel lost`);
    expect(sent.parsed.text).toContain(`assigned case #${first.caseNumber} to you.`);
    expect(sent.parsed.text).toContain(`/t/${t.slug}/cases/${first.caseNumber}`);
    expect(sent.parsed.text).toContain('Rita Customer <rita@customer.example>');
    expect(sent.headers.get('auto-submitted')).toBe('auto-generated');

    // The outbox hands an event over at least once: a repeat sends nothing more.
    expect(await notifyAgentForEvent(event)).toBe(false);

    await assign(t, second.caseNumber, ana.userId, ana.userId);
    const [own] = await newEvents(t, 'case.updated');
    expect(await notifyAgentForEvent(own)).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(sink.messages.filter((m) => m.envelope.to.includes(ana.email))).toHaveLength(1);
  });

  it('a customer reply emails the case’s assignee; imported history and a setting turned off email nobody', async () => {
    const t = await makeTenant('notify-reply');
    const mailbox = await makeMailboxRow(t.tenantId);
    const ana = await addAgent(t, 'Ana Agent');
    const c = await mail(t, mailbox, { text: 'Where is my parcel?' });
    await assign(t, c.caseNumber, ana.userId, t.ownerUserId);
    await newEvents(t, 'message.received');

    await mail(t, mailbox, { text: 'Any news? It was a birthday present.', inReplyTo: c.messageId });
    const [reply] = await newEvents(t, 'message.received');
    const before = sink.messages.length;
    expect(await notifyAgentForEvent(reply)).toBe(true);
    const [sent] = (await sink.waitFor(before + 1)).slice(before);
    expect(sent.envelope.to).toEqual([ana.email]);
    expect(sent.parsed.subject).toBe(`New reply on case #${c.caseNumber}: Parcel lost`);
    expect(sent.parsed.text).toContain('rita@customer.example replied on case');
    expect(sent.parsed.text).toContain('Any news? It was a birthday present.');

    // History brought in by an import is not news.
    await mail(t, mailbox, { text: 'old mail', inReplyTo: c.messageId, imported: true });
    const [imported] = await newEvents(t, 'message.received');
    expect(await notifyAgentForEvent(imported)).toBe(false);

    // Turned off on the account page.
    await withTenant(t.tenantId, (tx) =>
      setNotificationSettings(tx, {
        tenantId: t.tenantId,
        userId: ana.userId,
        input: { notifyOnAssign: true, notifyOnReply: false },
      }),
    );
    await mail(t, mailbox, { text: 'Hello?', inReplyTo: c.messageId });
    const [off] = await newEvents(t, 'message.received');
    expect(await notifyAgentForEvent(off)).toBe(false);
    expect(sink.messages.slice(before).filter((m) => m.envelope.to.includes(ana.email))).toHaveLength(1);
  });
});
