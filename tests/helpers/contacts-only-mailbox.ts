// A mailbox that accepts existing contacts only, for the sender filter's tests: read from a test mail server,
// sending (confirmation requests, acknowledgements) through an SMTP sink, and trusting the Authentication-Results
// of our receiving server, so a verified or an unverified sender is one header line (`arriving`) and no DNS.
import type { mailboxes } from '@/db/schema';
import { buildMail, type MailSpec } from './mail-builder';
import { makeMailbox, type MailboxFixture, type MailboxServer } from './mailbox-fixture';
import { sendingToSink } from './sink-mailbox';

const AUTHSERV = 'mx.support.test';

export function makeContactsOnlyMailbox(
  server: MailboxServer,
  sink: { port: number },
  extra: Partial<typeof mailboxes.$inferInsert> = {},
): Promise<MailboxFixture> {
  return makeMailbox(
    server,
    { protocol: 'imap', starttls: 'off' },
    {
      state: 'active',
      senderVerification: 'enforce',
      trustedAuthservId: AUTHSERV,
      senderFilter: 'contacts',
      ...sendingToSink(sink.port),
      ...extra,
    },
  );
}

/** A message as it reaches the mailbox: our receiving server's DMARC verdict on its sender's domain, then it. */
export function arriving(dmarc: 'pass' | 'fail', spec: MailSpec): Buffer {
  const domain = spec.from.replace(/.*@|>$/g, '');
  return Buffer.concat([
    Buffer.from(`Authentication-Results: ${AUTHSERV}; spf=none; dkim=none; dmarc=${dmarc} header.from=${domain}\r\n`),
    buildMail(spec),
  ]);
}
