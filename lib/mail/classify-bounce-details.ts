// What a bounce says about the mail it returns: which of our Message-IDs it quotes and which
// recipients failed (or are only delayed), so the caller can note "delivery failed to x@y" on the
// right case. Reads the delivery-status part, the returned headers and, for plain-text bounces
// (qmail, Yahoo, Exim), the body.
import { messageIdsIn, normalizeAddress } from './addresses';
import { decodeEightBit } from './decode-header';
import { mentionsDelay } from './classify-wording';
import type { ParsedMessage } from './types';

export type BounceDetails = {
  referencedMessageIds: string[];
  failedRecipients: string[];
  delayedRecipients: string[];
  deliveryAction: 'failed' | 'delayed';
};

const SCAN_BYTES = 256 * 1024;
const ADDRESS = /^[^\s@<>"(),;:]+@[^\s@<>"(),;:]+$/;

function cleanAddress(value: string): string | null {
  const address = normalizeAddress(value.replace(/^.*;/, '').trim().replace(/^<|>$/g, ''));
  return ADDRESS.test(address) ? address : null;
}

/** The header section of a returned message or rfc822-headers part. */
function headerSection(content: Buffer): string {
  const text = decodeEightBit(content.subarray(0, SCAN_BYTES));
  const end = text.search(/\r?\n\r?\n/);
  return (end === -1 ? text : text.slice(0, end)).replace(/\r?\n[ \t]+/g, ' ');
}

function headerValues(section: string, name: string): string[] {
  const re = new RegExp(`^${name}:[ \\t]*(.*)$`, 'gim');
  return [...section.matchAll(re)].map((m) => m[1]);
}

/** Per-recipient groups of a message/delivery-status part. */
function deliveryStatusRecipients(content: Buffer): { address: string; action: string }[] {
  const text = decodeEightBit(content.subarray(0, SCAN_BYTES)).replace(/\r?\n[ \t]+/g, ' ');
  const out: { address: string; action: string }[] = [];
  for (const group of text.split(/\r?\n\s*\r?\n/)) {
    const recipient = headerValues(group, 'final-recipient')[0] ?? headerValues(group, 'original-recipient')[0];
    const address = recipient ? cleanAddress(recipient) : null;
    if (!address) continue;
    out.push({ address, action: (headerValues(group, 'action')[0] ?? 'failed').trim().toLowerCase() });
  }
  return out;
}

// Body lines are read one at a time and cut to this length, and every pattern on them uses
// disjoint character classes, so no input makes a pattern backtrack: `<` + "a@" × 48,000 used to
// take seconds in "[^<>\s]+@[^<>\s]+".
const MAX_LINE = 1_000;
const BODY_RECIPIENT = /^[ \t]*<([^<>\s@]{1,256}@[^<>\s@]{1,256})>:/;

export function cappedLines(text: string): string[] {
  return text
    .slice(0, SCAN_BYTES)
    .split(/\r\n|\r|\n/)
    .map((line) => (line.length > MAX_LINE ? line.slice(0, MAX_LINE) : line));
}

/** "<user@example.com>:" at the start of a line: qmail, Postfix and Yahoo plain-text bounces. */
function bodyRecipients(text: string): string[] {
  const found: string[] = [];
  for (const line of cappedLines(text)) {
    const m = BODY_RECIPIENT.exec(line);
    const address = m ? cleanAddress(m[1]) : null;
    if (address) found.push(address);
  }
  return found;
}

export function bounceDetails(msg: ParsedMessage): BounceDetails {
  const ids: string[] = [];
  if (msg.inReplyTo) ids.push(msg.inReplyTo);
  ids.push(...msg.references);

  const failed: string[] = [];
  const delayed: string[] = [];
  let structured = false;

  for (const value of msg.headers.get('x-failed-recipients') ?? []) {
    for (const piece of value.split(',')) {
      const address = cleanAddress(piece);
      if (address) failed.push(address);
    }
  }

  for (const a of msg.attachments) {
    const type = a.contentType.toLowerCase();
    if (type === 'message/delivery-status' || type === 'message/global-delivery-status') {
      for (const r of deliveryStatusRecipients(a.content)) {
        structured = true;
        if (r.action.startsWith('delayed')) delayed.push(r.address);
        else if (r.action.startsWith('failed')) failed.push(r.address);
      }
    } else if (
      type === 'message/rfc822' ||
      type === 'message/global' ||
      type === 'text/rfc822-headers' ||
      type === 'message/global-headers'
    ) {
      const section = headerSection(a.content);
      for (const value of headerValues(section, 'message-id')) ids.push(...messageIdsIn(value));
    }
  }

  // Plain-text bounces quote the original headers in the body.
  const text = msg.text ?? '';
  for (const line of cappedLines(text)) {
    const m = /^[ \t>]*(?:original[- ])?message-id:[ \t]*(<[^<>\s]{1,998}>)/i.exec(line);
    if (m) ids.push(...messageIdsIn(m[1]));
  }
  if (!structured && failed.length === 0) failed.push(...bodyRecipients(text));

  const delayOnly = structured ? failed.length === 0 && delayed.length > 0 : mentionsDelay(msg.subject);
  const own = msg.messageId;
  return {
    referencedMessageIds: [...new Set(ids)].filter((id) => id !== own),
    failedRecipients: delayOnly && !structured ? [] : [...new Set(failed)],
    delayedRecipients: delayOnly && !structured ? [...new Set([...failed, ...delayed])] : [...new Set(delayed)],
    deliveryAction: delayOnly ? 'delayed' : 'failed',
  };
}
