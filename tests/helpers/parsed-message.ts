// A ParsedMessage as lib/mail/parse.ts hands it on, for tests of what comes after parsing (threading, rules) that
// want no MIME: a plain one-part message to the support address, with `over` for what the test is about.
import type { ParsedMessage } from '@/lib/mail/types';

export function parsedMessage(over: Partial<ParsedMessage> = {}): ParsedMessage {
  return {
    headers: new Map(),
    from: { address: 'sender@example.org' },
    replyTo: [],
    to: [{ address: 'support@acme.test' }],
    cc: [],
    subject: 'Hello',
    references: [],
    attachments: [],
    contentType: 'text/plain',
    partTypes: ['text/plain'],
    size: 100,
    ...over,
  };
}
