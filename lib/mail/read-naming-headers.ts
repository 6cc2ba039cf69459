// What names a message whose reading failed as a whole (over the message budget, or its worker died):
// From, Subject, Date and Message-ID from the top header section alone, so its quarantined row is
// never anonymous. Runs in the worker pool as a task of its own with a small budget (never on the
// event loop), bounded like readHeaderSection: one pass over at most the header section limit.
import { normalizeLineEndings } from './normalize-line-endings';
import { PARSE_LIMITS } from './parse-limits';
import { readHeaderSection } from './read-header-section';
import type { ParseFailure } from './types';

export function readNamingHeaders(raw: Buffer): ParseFailure['headers'] | undefined {
  const head = readHeaderSection(
    normalizeLineEndings(raw.subarray(0, PARSE_LIMITS.maxHeaderSectionBytes)),
    PARSE_LIMITS,
  );
  if (!head) return undefined;
  return { from: head.from, subject: head.subject, date: head.date, messageId: head.messageId };
}
