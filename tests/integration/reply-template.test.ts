// A mailbox's reply template (lib/cases/render-reply-template.ts) wraps an agent's reply as it goes out:
// the email at the SMTP sink carries the greeting, the agent's text with their signature, and the
// sign-off, with the placeholders filled for the case; a mailbox without a template sends the reply as
// typed, as before. "Undo send" gives back what the agent typed, not the wrapped text.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { withTenant } from '@/db/tenancy';
import { queueReply } from '@/lib/cases/queue-reply';
import { getCaseByNumber } from '@/lib/cases/queries/get-case';
import { sendReply } from '@/lib/cases/send-reply';
import { undoReply } from '@/lib/cases/undo-reply';
import { updateMailFiltering } from '@/lib/mailboxes/mail-filtering';
import { setAgentSignature } from '@/lib/workspace/agent-signature';
import { makeMailboxRow, type TestMailbox } from '@/tests/helpers/receive-mail';
import { receiveNewCase } from '@/tests/helpers/receive-built-mail';
import { sendingToSink } from '@/tests/helpers/sink-mailbox';
import { startSmtpSink } from '@/tests/helpers/smtp-sink';
import { makeTenant, type TestTenant } from '@/tests/helpers/tenant';
import { useStarted } from '@/tests/helpers/use-started';

const sink = useStarted(
  () => startSmtpSink({ starttls: false }),
  (started) => started.stop(),
);

const uid = () => randomBytes(4).toString('hex');
const TEMPLATE = `Hello {{requester.first_name}},

{{reply}}

Kind regards,
{{agent.name}} for {{mailbox.name}} (case {{case.number}}: {{case.subject}})`;

async function setup(label: string) {
  const tenant = await makeTenant(label);
  const mailbox = await makeMailboxRow(tenant.tenantId, {
    displayName: 'Acme Support',
    ...sendingToSink(sink.port, { tlsVerify: false }),
  });
  const customer = `dana-${uid()}@customer.example`;
  const received = await receiveNewCase(tenant.tenantId, mailbox, {
    from: `Dana Scully <${customer}>`,
    subject: 'Broken kettle',
    text: 'It leaks.',
  });
  return { tenant, mailbox, customer, caseNumber: received.caseNumber };
}

const actor = (t: TestTenant) => ({ kind: 'user' as const, userId: t.ownerUserId });

async function reply(t: TestTenant, caseNumber: number, text: string) {
  return withTenant(t.tenantId, (tx) =>
    queueReply(tx, { tenantId: t.tenantId, number: caseNumber, input: { text }, actor: actor(t) }),
  );
}

async function sentTo(address: string) {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const found = sink.messages.filter((m) => m.envelope.to.includes(address));
    if (found.length) return found;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`nothing sent to ${address}`);
}

async function setTemplate(t: TestTenant, mailbox: TestMailbox, replyTemplate: string | null) {
  return withTenant(t.tenantId, (tx) =>
    updateMailFiltering(tx, { mailboxId: mailbox.id, input: { replyTemplate }, actor: actor(t) }),
  );
}

describe('reply template', () => {
  it('wraps the agent’s reply at the SMTP sink: greeting, the reply with its signature, the sign-off with the case filled in', async () => {
    const { tenant, mailbox, customer, caseNumber } = await setup('rt');
    await setTemplate(tenant, mailbox, TEMPLATE);
    await withTenant(tenant.tenantId, (tx) =>
      setAgentSignature(tx, { tenantId: tenant.tenantId, userId: tenant.ownerUserId, input: { signature: 'Sam' } }),
    );
    // Placeholder-like text the agent typed stays as typed (one pass over the template).
    const queued = await reply(tenant, caseNumber, 'A new kettle is on its way. {{case.number}} stays literal.');
    expect(await sendReply(queued.id)).toEqual({ status: 'sent' });

    const [mail] = await sentTo(customer);
    const text = (mail.parsed.text ?? '').replace(/\r\n/g, '\n').trimEnd();
    expect(text).toBe(
      [
        'Hello Dana,',
        '',
        'A new kettle is on its way. {{case.number}} stays literal.',
        '',
        '-- ',
        'Sam',
        '',
        'Kind regards,',
        `${tenant.ownerEmail} for Acme Support (case ${caseNumber}: Broken kettle)`,
      ].join('\n'),
    );
    // The case history holds what was sent.
    const history = await withTenant(tenant.tenantId, (tx) => getCaseByNumber(tx, caseNumber));
    expect(history.messages.find((m) => m.id === queued.id)?.text?.startsWith('Hello Dana,')).toBe(true);
  });

  it('a mailbox without a template sends the reply as typed', async () => {
    const { tenant, customer, caseNumber } = await setup('rt-none');
    const queued = await reply(tenant, caseNumber, 'Just the answer.');
    expect(await sendReply(queued.id)).toEqual({ status: 'sent' });
    const [mail] = await sentTo(customer);
    expect((mail.parsed.text ?? '').trim()).toBe('Just the answer.');
  });

  it('undo send gives back what the agent typed, and a template without {{reply}} is refused', async () => {
    const { tenant, mailbox, caseNumber } = await setup('rt-undo');
    await setTemplate(tenant, mailbox, TEMPLATE);
    const queued = await reply(tenant, caseNumber, 'Typed words.');
    const undone = await withTenant(tenant.tenantId, (tx) =>
      undoReply(tx, { tenantId: tenant.tenantId, caseMessageId: queued.id, actor: actor(tenant) }),
    );
    expect(undone.text).toBe('Typed words.');

    await expect(setTemplate(tenant, mailbox, 'Hello,\n\nRegards')).rejects.toThrow(/needs \{\{reply\}\}/);
    await expect(setTemplate(tenant, mailbox, '{{reply}} {{ reply }}')).rejects.toThrow(/more than once/);
    // Cleared: back to the reply as typed.
    expect((await setTemplate(tenant, mailbox, null)).replyTemplate).toBeNull();
  });
});
