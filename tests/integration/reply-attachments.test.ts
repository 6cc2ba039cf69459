// Attachments in replies and notes (lib/cases/outgoing-attachments.ts), against real PostgreSQL and a real SMTP
// sink: a reply-all with a file, a canned snippet and the signature arrives with To, Cc, the file and its
// threading headers; the history lists the files; the limits answer in words; an undone reply sends nothing.
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { outboxEvents } from '@/db/schema';
import { withTenant } from '@/db/tenancy';
import { addNote } from '@/lib/cases/add-note';
import { getCaseByNumber } from '@/lib/cases/queries/get-case';
import { queueReply } from '@/lib/cases/queue-reply';
import { sendReply } from '@/lib/cases/send-reply';
import { undoReply } from '@/lib/cases/undo-reply';
import { processOutboxEvent } from '@/lib/outbox/process-outbox-event';
import { setAgentSignature } from '@/lib/workspace/agent-signature';
import { saveCannedReply } from '@/lib/workspace/canned-replies';
import { renderCannedReply } from '@/lib/workspace/render-canned-reply';
import { makeMailboxRow } from '@/tests/helpers/receive-mail';
import { receiveBuiltMail, receiveNewCase } from '@/tests/helpers/receive-built-mail';
import { sendingToSink } from '@/tests/helpers/sink-mailbox';
import { startSmtpSink } from '@/tests/helpers/smtp-sink';
import { makeTenant } from '@/tests/helpers/tenant';
import { useStarted } from '@/tests/helpers/use-started';

const sink = useStarted(
  () => startSmtpSink({ starttls: false }),
  (started) => started.stop(),
);

async function setup(label: string) {
  const tenant = await makeTenant(label);
  const mailbox = await makeMailboxRow(tenant.tenantId, sendingToSink(sink.port, { tlsVerify: false }));
  const { caseNumber: number } = await receiveNewCase(tenant.tenantId, mailbox, {
    from: 'Ana Lima <ana@customer.example>',
    to: [mailbox.email, 'Bo <bo@customer.example>'],
    cc: ['carla@partner.example'],
    subject: 'Return label',
    text: 'Please send the return label to all of us.',
    messageId: `label-${tenant.slug}@customer.example`,
  });
  return { tenant, mailbox, number, actor: { kind: 'user' as const, userId: tenant.ownerUserId } };
}

// A small PDF-like file: the bytes must arrive exactly.
const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.from([0, 1, 2, 250, 251, 252]), Buffer.from('\n%%EOF\n')]);

describe('attachments in replies and notes', () => {
  it('a reply-all with an attachment, a canned snippet and the signature reaches the sink with To, Cc, the file and threading headers', async () => {
    const { tenant, number, actor } = await setup('attach');
    const canned = await withTenant(tenant.tenantId, (tx) =>
      saveCannedReply(tx, {
        tenantId: tenant.tenantId,
        input: { name: 'Label', body: 'Hi {{requester.first_name}}, the label for case {{case.number}} is attached.' },
        actor,
      }),
    );
    await withTenant(tenant.tenantId, (tx) =>
      setAgentSignature(tx, {
        tenantId: tenant.tenantId,
        userId: tenant.ownerUserId,
        input: { signature: 'Sam\nSupport' },
      }),
    );
    const snippet = renderCannedReply(canned.body, {
      requester: { name: 'Ana Lima', email: 'ana@customer.example' },
      caseNumber: number,
      subject: 'Return label',
      agentName: 'Sam',
    });
    const queued = await withTenant(tenant.tenantId, (tx) =>
      queueReply(tx, {
        tenantId: tenant.tenantId,
        number,
        input: { text: snippet, replyAll: true },
        actor,
        files: [{ filename: '../label.pdf', contentType: 'application/pdf', content: pdf }],
      }),
    );
    expect(queued.attachments).toEqual([{ filename: 'label.pdf', size: pdf.length }]);

    const before = sink.messages.length;
    expect(await sendReply(queued.id)).toEqual({ status: 'sent' });
    const [sent] = (await sink.waitFor(before + 1)).slice(before);
    expect(sent.envelope.to.sort()).toEqual(['ana@customer.example', 'bo@customer.example', 'carla@partner.example']);
    expect(sent.headers.get('to')).toContain('ana@customer.example');
    expect(sent.headers.get('cc')).toContain('bo@customer.example');
    expect(sent.headers.get('cc')).toContain('carla@partner.example');
    expect(sent.parsed.text).toContain(`Hi Ana, the label for case ${number} is attached.`);
    expect(sent.parsed.text).toContain('-- \nSam\nSupport');
    expect(sent.parsed.attachments.map((a) => [a.filename, a.contentType])).toEqual([['label.pdf', 'application/pdf']]);
    expect(Buffer.compare(sent.parsed.attachments[0].content, pdf)).toBe(0);
    expect(sent.headers.get('in-reply-to')).toBe(`<label-${tenant.slug}@customer.example>`);
    expect(sent.headers.get('references')).toContain(`<label-${tenant.slug}@customer.example>`);
    expect(sent.parsed.subject).toBe(`Re: [Case #${number}] Return label`);

    // The history lists the file on the reply, served like an inbound one.
    const c = await withTenant(tenant.tenantId, (tx) => getCaseByNumber(tx, number));
    const reply = c.messages.find((m) => m.id === queued.id)!;
    expect(reply.attachments.map((a) => [a.filename, a.size])).toEqual([['label.pdf', pdf.length]]);
  });

  it('a forward sends the customer’s latest message with its files to a third party, below the agent’s words', async () => {
    const { tenant, mailbox, number, actor } = await setup('forward');
    await receiveBuiltMail(tenant.tenantId, mailbox, {
      from: 'Ana Lima <ana@customer.example>',
      subject: 'Re: Return label',
      text: 'Here is the damaged part.',
      inReplyTo: `label-${tenant.slug}@customer.example`,
      attachments: [{ filename: 'photo.jpg', contentType: 'image/jpeg', content: Buffer.from('jpeg bytes') }],
    });
    const queued = await withTenant(tenant.tenantId, (tx) =>
      queueReply(tx, {
        tenantId: tenant.tenantId,
        number,
        input: { text: 'Can you replace this part?', forwardTo: 'Parts@Vendor.example' },
        actor,
      }),
    );
    expect(queued.to).toBe('parts@vendor.example');
    expect(queued.subject).toBe(`Fwd: [Case #${number}] Return label`);
    const before = sink.messages.length;
    expect(await sendReply(queued.id)).toEqual({ status: 'sent' });
    const [sent] = (await sink.waitFor(before + 1)).slice(before);
    expect(sent.envelope.to).toEqual(['parts@vendor.example']);
    expect(sent.parsed.text).toContain('Can you replace this part?');
    expect(sent.parsed.text).toContain('---------- Forwarded message ---------');
    expect(sent.parsed.text).toContain('From: Ana Lima <ana@customer.example>');
    expect(sent.parsed.text).toContain('Here is the damaged part.');
    expect(sent.parsed.attachments.map((a) => a.filename)).toEqual(['photo.jpg']);
    expect(sent.headers.get('in-reply-to')).toBeUndefined();

    // Never to one of our own mailboxes.
    await expect(
      withTenant(tenant.tenantId, (tx) =>
        queueReply(tx, { tenantId: tenant.tenantId, number, input: { text: 'x', forwardTo: mailbox.email }, actor }),
      ),
    ).rejects.toThrow('Forward to someone outside this workspace’s mailboxes.');
  });

  it('a note keeps its file; too many or too large files are refused in words, and an undone reply sends nothing', async () => {
    const { tenant, number, actor } = await setup('attach-limits');
    const note = await withTenant(tenant.tenantId, (tx) =>
      addNote(tx, {
        tenantId: tenant.tenantId,
        number,
        input: { text: 'Customer’s photo, for the record' },
        actor,
        files: [{ filename: 'photo.jpg', contentType: 'image/jpeg', content: Buffer.from('jpeg bytes') }],
      }),
    );
    const c = await withTenant(tenant.tenantId, (tx) => getCaseByNumber(tx, number));
    expect(c.messages.find((m) => m.id === note.id)?.attachments.map((a) => a.filename)).toEqual(['photo.jpg']);

    // Over the API the files come as base64.
    const viaApi = await withTenant(tenant.tenantId, (tx) =>
      addNote(tx, {
        tenantId: tenant.tenantId,
        number,
        input: {
          text: 'From a script',
          attachments: [{ filename: 'a.txt', contentBase64: Buffer.from('hi').toString('base64') }],
        },
        actor,
      }),
    );
    expect(viaApi.attachments).toEqual([{ filename: 'a.txt', size: 2 }]);

    const big = {
      filename: 'huge.bin',
      contentType: 'application/octet-stream',
      content: Buffer.alloc(11 * 1024 * 1024),
    };
    await expect(
      withTenant(tenant.tenantId, (tx) =>
        queueReply(tx, { tenantId: tenant.tenantId, number, input: { text: 'x' }, actor, files: [big] }),
      ),
    ).rejects.toThrow('“huge.bin” is 11 MB: a file may be at most 10 MB.');
    const nine = { ...big, content: Buffer.alloc(9 * 1024 * 1024) };
    await expect(
      withTenant(tenant.tenantId, (tx) =>
        queueReply(tx, { tenantId: tenant.tenantId, number, input: { text: 'x' }, actor, files: [nine, nine, nine] }),
      ),
    ).rejects.toThrow('The attachments add up to 27 MB: at most 20 MB per message.');
    const tiny = { filename: 't.txt', contentType: 'text/plain', content: Buffer.from('t') };
    await expect(
      withTenant(tenant.tenantId, (tx) =>
        queueReply(tx, { tenantId: tenant.tenantId, number, input: { text: 'x' }, actor, files: Array(11).fill(tiny) }),
      ),
    ).rejects.toThrow('At most 10 attachments.');

    // Undo within the delay: the queued reply and its file never reach the sink.
    const before = sink.messages.length;
    const queued = await withTenant(tenant.tenantId, (tx) =>
      queueReply(tx, { tenantId: tenant.tenantId, number, input: { text: 'Wrong file' }, actor, files: [tiny] }),
    );
    await withTenant(tenant.tenantId, (tx) =>
      undoReply(tx, { tenantId: tenant.tenantId, caseMessageId: queued.id, actor }),
    );
    const events = await withTenant(tenant.tenantId, (tx) =>
      tx
        .select()
        .from(outboxEvents)
        .where(and(eq(outboxEvents.tenantId, tenant.tenantId), eq(outboxEvents.type, 'reply.queued'))),
    );
    for (const event of events) await processOutboxEvent(event);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(sink.messages.length).toBe(before);
  });
});
