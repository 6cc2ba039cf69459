// What a bounce says about the mail it returns: which of our Message-IDs it quotes, which recipients
// failed (or are only delayed), the status code and the diagnostic, so the caller can note "delivery
// failed to x@y" on the right case. Reads, in order of trust: the delivery-status part (RFC 3464),
// X-Failed-Recipients, an SES notification's JSON, then the text of plain-text bounces (Postfix,
// qmail, Exim, Sendmail, Exchange, Gmail, Yahoo, Domino, GroupWise, carriers, …), and the returned
// message's headers for the original Message-ID.
//
// Every body pattern runs on one line at a time, cut to 1,000 characters, with disjoint character
// classes: `<` + "a@" × 48,000 used to take seconds in "[^<>\s]+@[^<>\s]+".
import { messageIdsIn, normalizeAddress } from './addresses';
import { attachedHeaderSection, headerValuesIn } from './attached-headers';
import { isDelayText, sesNotification } from './classify-formats';
import { mentionsDelay } from './classify-wording';
import { decodeEightBit } from './decode-header';
import { machineSenderOf } from './machine-sender';
import { messageTextView, SCAN_BYTES } from './message-text-view';
import type { ParsedMessage } from './types';

export type BounceRecipient = { address: string; action: 'failed' | 'delayed'; status?: string; diagnostic?: string };

export type BounceDetails = {
  referencedMessageIds: string[];
  failedRecipients: string[];
  delayedRecipients: string[];
  deliveryAction: 'failed' | 'delayed';
  /** RFC 3463 status of the first recipient (e.g. "5.1.1"); from the SMTP reply class when only that is given. */
  status?: string;
  /** The server's words for the first recipient, e.g. "550 5.1.1 <x@y>: Recipient address rejected". */
  diagnostic?: string;
  recipients: BounceRecipient[];
};

const ADDRESS_SHAPE = /^[^\s@<>"(),;:]{1,256}@[^\s@<>"(),;:]{1,256}$/;
// Linear: local and domain classes exclude "@", domain labels are separated by dots.
const ADDRESS = "[A-Za-z0-9._%+!#$&'*/=?^`{|}~-]{1,64}@[A-Za-z0-9-]{1,63}(?:\\.[A-Za-z0-9-]{1,63}){1,8}";
// Recipient lines of text bounces: "<a@b>:", "a@b", "a@b (reason)", "a@b: reason", "RCPT TO:<a@b>", and phrases.
const RECIPIENT_LINE = [
  new RegExp(`^[ \\t*-]*<(${ADDRESS})>[ \\t]*:?`),
  new RegExp(`^[ \\t*-]*(${ADDRESS})[ \\t]*(?:$|:|\\(|<|\\.{3})`),
  new RegExp(
    `(?:delivered to|deliver(?:ing)? (?:your|the) (?:message|mail) to|delivery to|deliver to|failed recipient:|recipient(?: address)?:|rcpt to:|original-recipient:|destinataire[ \\t]*:|empfänger[ \\t]*:|宛先[ \\t]*:|to:)[ \\t]*<?(${ADDRESS})>?`,
    'i',
  ),
];
// Where the returned copy of the original starts: nothing after it is the bounce's own text.
const RETURNED_COPY =
  /^[ \t]*(-{2,}.{0,40}(copy of the message|original message|returned message|undelivered message|message follows|below this line|original message headers)|original message headers:|-{2,} ?(the )?header of the original message|\s*received: from )/i;
const RETURNED_TO = new RegExp(`^[ \\t>]*to:[ \\t]*(?:[^<\\n]{0,200}<)?(${ADDRESS})`, 'i');
const STATUS = /\b([245]\.\d{1,3}\.\d{1,3})\b/;
const SMTP_REPLY = /\b([245])\d\d[ -]/;

function cleanAddress(value: string): string | null {
  const address = normalizeAddress(value.replace(/^.*;/, '').trim().replace(/^<|>$/g, ''));
  return ADDRESS_SHAPE.test(address) ? address : null;
}

function dsnField(group: string, name: string): string | undefined {
  return headerValuesIn(group, name)[0];
}

/** Per-recipient groups of a message/delivery-status part. */
function deliveryStatusRecipients(content: Buffer): BounceRecipient[] {
  const text = decodeEightBit(content.subarray(0, SCAN_BYTES))
    .replace(/\r\n?/g, '\n')
    .replace(/\n[ \t]+/g, ' ');
  const out: BounceRecipient[] = [];
  for (const group of text.split(/\n[ \t]*\n/)) {
    const recipient = dsnField(group, 'final-recipient') ?? dsnField(group, 'original-recipient');
    const address = recipient ? cleanAddress(recipient) : null;
    if (!address) continue;
    const action = (dsnField(group, 'action') ?? 'failed').toLowerCase();
    if (!action.startsWith('failed') && !action.startsWith('delayed')) continue;
    const status = STATUS.exec(dsnField(group, 'status') ?? '')?.[1];
    const diagnostic = dsnField(group, 'diagnostic-code')?.replace(/^[a-z0-9-]{1,20};\s*/i, '');
    out.push({
      address,
      action: action.startsWith('delayed') ? 'delayed' : 'failed',
      ...(status ? { status } : {}),
      ...(diagnostic ? { diagnostic: diagnostic.slice(0, 500) } : {}),
    });
  }
  return out;
}

/** Recipients of an SES bounce notification (SNS JSON). */
function sesRecipients(event: Record<string, unknown>): BounceRecipient[] {
  const bounce = (event.bounce ?? {}) as { bounceType?: string; bouncedRecipients?: unknown[] };
  const action = bounce.bounceType === 'Transient' ? 'delayed' : 'failed';
  const out: BounceRecipient[] = [];
  for (const r of bounce.bouncedRecipients ?? []) {
    const { emailAddress, status, diagnosticCode } = (r ?? {}) as Record<string, unknown>;
    const address = typeof emailAddress === 'string' ? cleanAddress(emailAddress) : null;
    if (!address) continue;
    out.push({
      address,
      action,
      ...(typeof status === 'string' && STATUS.test(status) ? { status: STATUS.exec(status)![1] } : {}),
      ...(typeof diagnosticCode === 'string'
        ? { diagnostic: diagnosticCode.replace(/^smtp;\s*/i, '').slice(0, 500) }
        : {}),
    });
  }
  return out;
}

function sesMessageIds(event: Record<string, unknown>): string[] {
  const mail = (event.mail ?? {}) as { commonHeaders?: { messageId?: unknown }; headers?: unknown[] };
  const ids: string[] = [];
  if (typeof mail.commonHeaders?.messageId === 'string') ids.push(...messageIdsIn(mail.commonHeaders.messageId));
  for (const h of mail.headers ?? []) {
    const { name, value } = (h ?? {}) as Record<string, unknown>;
    if (typeof name === 'string' && name.toLowerCase() === 'message-id' && typeof value === 'string')
      ids.push(...messageIdsIn(value));
  }
  return ids;
}

// Words of a refusal, for bounces that give no SMTP code (Domino, GroupWise, carriers, SMS gateways).
const REFUSAL =
  /(error|fail|unknown|invalid|rejected|not (found|listed|exist)|does not exist|no such|quota|mailbox (is )?full|refused|denied|blocked|存在|届き|エラー|unzustellbar|inconnu|desconocid)/i;

/** The bounce's own text (before the returned copy), recipients found in it, status and diagnostic. */
function textRecipients(msg: ParsedMessage, lines: string[]): { recipients: BounceRecipient[]; returnedTo: string[] } {
  const own = new Set([...msg.to.map((a) => a.address), msg.from?.address].filter(Boolean));
  const region: string[] = [];
  let copyAt = lines.length;
  for (const [i, line] of lines.entries()) {
    if (RETURNED_COPY.test(line) && region.some((l) => l.trim() !== '')) {
      copyAt = i;
      break;
    }
    region.push(line);
  }
  const found: { address: string; line: number; rest: string }[] = [];
  region.forEach((line, i) => {
    for (const re of RECIPIENT_LINE) {
      const m = re.exec(line);
      const address = m ? cleanAddress(m[1]) : null;
      if (!address || own.has(address)) continue;
      const machine = machineSenderOf(address);
      if (machine === 'mailerdaemon' || machine === 'postmaster') continue;
      const rest = line.slice((m!.index ?? 0) + m![0].length).replace(/^[\s:()<>-]+|[\s()<>.]+$/g, '');
      if (!found.some((f) => f.address === address)) found.push({ address, line: i, rest });
      break;
    }
  });
  // The diagnostic: the first line from the recipients on that carries a status or an SMTP reply;
  // else the words after the recipient, else the first line that reads like a refusal.
  const start = found[0]?.line ?? 0;
  const withCode = (from: number) => region.slice(from).find((l) => STATUS.test(l) || SMTP_REPLY.test(l));
  const codeLine = withCode(start) ?? withCode(0);
  const refusal = () =>
    region
      .slice(start)
      .find((l, i) => (i > 0 || !found.length) && l.trim().length > 3 && REFUSAL.test(l) && !l.trim().endsWith(':'));
  const diagnosticLine = codeLine ?? (found[0]?.rest && found[0].rest.length > 2 ? found[0].rest : refusal());
  const diagnostic = diagnosticLine
    ?.trim()
    .replace(/^<[^<>]{1,300}>:\s*/, '')
    .slice(0, 500);
  const reply = codeLine ? SMTP_REPLY.exec(codeLine) : null;
  const status = (codeLine && STATUS.exec(codeLine)?.[1]) ?? (reply ? `${reply[1]}.0.0` : undefined);
  // Bounces that name nobody (SMS gateways, carriers) return the original: its To is who failed.
  const returnedTo: string[] = [];
  for (const line of lines.slice(copyAt, copyAt + 200)) {
    const m = RETURNED_TO.exec(line);
    const address = m ? cleanAddress(m[1]) : null;
    if (address && !own.has(address)) returnedTo.push(address);
  }
  const recipients = found.map((f) => ({
    address: f.address,
    action: 'failed' as const,
    ...(status ? { status } : {}),
    ...(diagnostic ? { diagnostic } : {}),
  }));
  if (!recipients.length && diagnostic)
    recipients.push({ address: '', action: 'failed', ...(status ? { status } : {}), diagnostic });
  return { recipients, returnedTo };
}

/** To addresses of returned messages attached whole or as headers. */
function attachedOriginalRecipients(msg: ParsedMessage): string[] {
  const out: string[] = [];
  for (const a of msg.attachments) {
    if (!['message/rfc822', 'message/global', 'text/rfc822-headers', 'message/global-headers'].includes(a.contentType))
      continue;
    for (const value of headerValuesIn(attachedHeaderSection(a.content), 'to')) {
      for (const m of value.matchAll(new RegExp(ADDRESS, 'g'))) {
        const address = cleanAddress(m[0]);
        if (address) out.push(address);
      }
    }
  }
  return out;
}

export function bounceDetails(msg: ParsedMessage): BounceDetails {
  const ids: string[] = [];
  if (msg.inReplyTo) ids.push(msg.inReplyTo);
  ids.push(...msg.references);

  let recipients: BounceRecipient[] = [];
  let structured = false;

  for (const a of msg.attachments) {
    const type = a.contentType.toLowerCase();
    if (type === 'message/delivery-status' || type === 'message/global-delivery-status') {
      const found = deliveryStatusRecipients(a.content);
      if (found.length) structured = true;
      recipients.push(...found);
    } else if (
      type === 'message/rfc822' ||
      type === 'message/global' ||
      type === 'text/rfc822-headers' ||
      type === 'message/global-headers'
    ) {
      const section = attachedHeaderSection(a.content);
      for (const value of headerValuesIn(section, 'message-id')) ids.push(...messageIdsIn(value));
    }
  }

  const ses = sesNotification(msg);
  if (ses) {
    ids.push(...sesMessageIds(ses));
    const found = sesRecipients(ses);
    if (found.length) structured = true;
    recipients.push(...found);
  }

  const failedHeader: string[] = [];
  for (const value of msg.headers.get('x-failed-recipients') ?? []) {
    for (const piece of value.split(',')) {
      const address = cleanAddress(piece);
      if (address) failedHeader.push(address);
    }
  }

  // Plain-text bounces quote the original headers in the body.
  const view = messageTextView(msg);
  for (const line of view.lines) {
    const m = /^[ \t>]*(?:original[- ])?message-id:[ \t]*(<[^<>\s]{1,998}>)/i.exec(line);
    if (m) ids.push(...messageIdsIn(m[1]));
  }

  const delayedText = !structured && (mentionsDelay(msg.subject) || isDelayText(view.opening));
  if (!structured) {
    const text = textRecipients(msg, view.lines);
    const fromText = text.recipients.filter((r) => r.address);
    const byAddress = new Map(fromText.map((r) => [r.address, r]));
    const ourAddresses = new Set(msg.to.map((a) => a.address));
    const returned = [...attachedOriginalRecipients(msg), ...text.returnedTo].filter((a) => !ourAddresses.has(a));
    const addresses = failedHeader.length
      ? failedHeader
      : fromText.length
        ? fromText.map((r) => r.address)
        : [...new Set(returned)].slice(0, 50);
    const fallback = text.recipients[0];
    recipients = addresses.map((address) => ({
      ...(byAddress.get(address) ?? { ...fallback, address }),
      address,
      action: delayedText ? 'delayed' : 'failed',
    }));
  }
  recipients = recipients.filter((r, i) => recipients.findIndex((o) => o.address === r.address) === i);

  const failed = recipients.filter((r) => r.action === 'failed');
  const delayed = recipients.filter((r) => r.action === 'delayed');
  const deliveryAction = structured
    ? failed.length === 0 && delayed.length > 0
      ? 'delayed'
      : 'failed'
    : delayedText
      ? 'delayed'
      : 'failed';
  const first = failed[0] ?? delayed[0];
  const own = msg.messageId;
  return {
    referencedMessageIds: [...new Set(ids)].filter((id) => id !== own),
    failedRecipients: failed.map((r) => r.address),
    delayedRecipients: delayed.map((r) => r.address),
    deliveryAction,
    ...(first?.status ? { status: first.status } : {}),
    ...(first?.diagnostic ? { diagnostic: first.diagnostic } : {}),
    recipients,
  };
}
