// Mail that ingestion keeps out of the case list, for tests of the ignored and quarantined messages and of
// releasing them: an auto-reply (ignored for its Auto-Submitted header unless it threads into a case) and a
// message over a 1 KB parse limit (quarantined as too large; its header section still names it).
import { receiveBuiltMail, type MailToMailbox } from './receive-built-mail';
import type { TestMailbox } from './mailbox-fixture';

/** The message of `spec` with `Auto-Submitted: auto-replied` added to its headers; its text defaults to "away". */
export function receiveAutoReply(tenantId: string, mailbox: TestMailbox, spec: MailToMailbox) {
  return receiveBuiltMail(tenantId, mailbox, {
    text: 'away',
    ...spec,
    headers: { 'Auto-Submitted': 'auto-replied', ...spec.headers },
  });
}

/** The message of `spec` with a 4 KB text, received under a 1 KB parse limit. */
export function receiveOversized(tenantId: string, mailbox: TestMailbox, spec: Omit<MailToMailbox, 'text'>) {
  return receiveBuiltMail(tenantId, mailbox, { ...spec, text: 'x'.repeat(4096) }, { maxBytes: 1024 });
}
