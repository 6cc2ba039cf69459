// The confirmation request a held stranger is sent, as a test finds it in the SMTP sink, and the stranger's
// answer to it as their mail client writes it: "Re:" its subject, In-Reply-To the request, References the held
// message and the request (how ingestion recognises the confirmation).
import type { MailSpec } from './mail-builder';
import type { SinkMessage, SmtpSink } from './smtp-sink';
import { waitFor } from './wait-for';

/** The first message the sink got for `address`, waiting up to 10 s for it. */
export function confirmationRequestTo(sink: Pick<SmtpSink, 'messages'>, address: string): Promise<SinkMessage> {
  return waitFor(() => sink.messages.find((m) => m.envelope.to.includes(address)), {
    timeoutMs: 10_000,
    what: `a confirmation request to ${address}`,
  });
}

/** `reply.from` (e.g. "Dora <dora@…>") answers `request`, which asked about the held message `heldMessageId`. */
export function replyToConfirmationRequest(
  request: SinkMessage,
  reply: { from: string; to: string; heldMessageId: string },
): MailSpec {
  const requestId = request.parsed.messageId!.replace(/^<|>$/g, '');
  return {
    from: reply.from,
    to: reply.to,
    subject: `Re: ${request.parsed.subject}`,
    text: 'Yes, that was me.',
    inReplyTo: requestId,
    references: [reply.heldMessageId, requestId],
  };
}
