// Is this message written by a machine (bounce, auto-reply, vacation, list, our own loop) or by a
// person? Pure and fast; `reason` names the rule that fired. Header, MIME-structure and per-format
// rules decide (classify-formats.ts knows the formats without a standard header signal); wording
// only chooses the kind once a rule has fired (see classify-wording.ts). The rules, first hit wins:
//
//   loop          our loop header, our Message-ID domain, our own address
//   structure     a delivery-status, feedback or disposition report anywhere in the MIME tree
//   bounce        X-Failed-Recipients; a mail-system sender (also "MAILER-DAEMON <>")
//   formats       SES/SNS JSON, Outlook.com complaints, Apple vacation, carriers, SMS gateways,
//                 challenge-response, helpdesk acknowledgements; plain-text bounces by their opening
//   headers       Auto-Submitted, X-Autoreply & co, Exchange, Return-Path <>, Precedence
//   lists         List-* and list-manager headers, list-manager senders
import { messageIdsIn, normalizeAddress } from './addresses';
import { attachedHeaderSection } from './attached-headers';
import { bounceDetails } from './classify-bounce-details';
import { exchangeAcknowledgementRule, providerFormatRule, textBounceRule } from './classify-formats';
import { hasOofSubject, hasReceiptSubject, mentionsBounce, mentionsVacation } from './classify-wording';
import { hasNullSender, mailSystemSender, machineSenderOf } from './machine-sender';
import { messageTextView } from './message-text-view';
import type { Classification, MessageKind, ParsedMessage } from './types';

export type ClassifyContext = {
  /** Our mailbox addresses: mail from them is a loop. */
  ownAddresses?: string[];
  /** Domains of the Message-IDs we generate: a message carrying one as its own id is ours coming back. */
  ownMessageIdDomains?: string[];
  /** Header our outbound mail carries; default 'x-caseflow-loop'. */
  loopHeader?: string;
  isOwnMessageId?: (id: string) => boolean;
};

type Hit = { kind: MessageKind; reason: string };

const AUTOREPLY_HEADERS = ['x-autoreply', 'x-autorespond', 'x-autoresponse', 'x-autoreply-from', 'x-mail-autoreply'];
const PRECEDENCE_AUTO = new Set(['bulk', 'junk', 'list', 'auto_reply', 'auto-reply']);
// Mailing-list managers: RFC 2369/2919 headers, and the ones Mailman, fml, Sympa, LISTSERV, Ecartis and
// Google Groups add to their own notices (which often carry no List-Id).
export const LIST_HEADERS = [
  'list-id',
  'list-unsubscribe',
  'list-subscribe',
  'list-help',
  'list-post',
  'list-owner',
  'list-archive',
  'mailing-list',
  'x-mailing-list',
  'x-ml-name',
  'x-ml-info',
  'x-mlserver',
  'x-ml-count',
  'x-mailman-version',
  'x-list-administrivia',
  'x-listserver',
  'x-listprocessor-version',
  'x-ecartis-version',
  'x-sympa-to',
  'x-google-group-id',
];
const DELIVERY_STATUS = new Set(['message/delivery-status', 'message/global-delivery-status']);
const DISPOSITION = new Set(['message/disposition-notification', 'message/global-disposition-notification']);

function values(msg: ParsedMessage, name: string): string[] {
  return msg.headers.get(name) ?? [];
}

function has(msg: ParsedMessage, name: string): boolean {
  return values(msg, name).some((v) => v.trim() !== '');
}

/** What an auto-generated message is, once a rule says it is one. */
function autoKind(msg: ParsedMessage, hint?: string): MessageKind {
  if (hint?.includes('vacation') || mentionsVacation(msg.subject, msg.text)) return 'vacation';
  return 'auto-reply';
}

function loopRule(msg: ParsedMessage, ctx: ClassifyContext): Hit | null {
  const loopHeader = (ctx.loopHeader ?? 'x-caseflow-loop').toLowerCase();
  if (msg.headers.has(loopHeader)) return { kind: 'loop', reason: 'loop:own-header' };
  const id = msg.messageId?.toLowerCase();
  if (id) {
    const domain = id.slice(id.lastIndexOf('@') + 1);
    if (
      ctx.isOwnMessageId?.(msg.messageId!) ||
      (ctx.ownMessageIdDomains ?? []).some((d) => d.toLowerCase() === domain)
    ) {
      return { kind: 'loop', reason: 'loop:own-message-id' };
    }
  }
  const own = new Set((ctx.ownAddresses ?? []).map(normalizeAddress));
  if (msg.from && own.has(msg.from.address)) return { kind: 'loop', reason: 'loop:own-address' };
  if (values(msg, 'x-loop').some((v) => own.has(normalizeAddress(v.replace(/^.*<|>.*$/g, ''))))) {
    return { kind: 'loop', reason: 'loop:x-loop' };
  }
  return null;
}

/** A delivery-status part that says what happened to whom: a gateway's DSN inside multipart/mixed. */
function isWellFormedDsn(content: Buffer): boolean {
  const text = content.subarray(0, 64 * 1024).toString('latin1');
  return /^(final|original)-recipient:/im.test(text) && /^action:/im.test(text) && /^status:[ \t]*[245]\./im.test(text);
}

function structureRule(msg: ParsedMessage): Hit | null {
  const isReport = msg.contentType === 'multipart/report';
  if (isReport && (msg.reportType?.endsWith('delivery-status') || msg.partTypes.some((t) => DELIVERY_STATUS.has(t)))) {
    return { kind: 'bounce', reason: 'report:delivery-status' };
  }
  // The same parts inside multipart/mixed (gateways, Outlook.com): only when well formed, and not from
  // a person who forwards or asks about one.
  if (messageTextView(msg).personSubject) return null;
  const dsn = msg.attachments.find((a) => DELIVERY_STATUS.has(a.contentType) && isWellFormedDsn(a.content));
  if (dsn) return { kind: 'bounce', reason: 'structure:delivery-status' };
  if (msg.partTypes.includes('message/feedback-report') && msg.contentType !== 'multipart/report')
    return { kind: 'auto-reply', reason: 'structure:feedback-report' };
  return null;
}

function bounceRule(msg: ParsedMessage): Hit | null {
  if (has(msg, 'x-failed-recipients')) return { kind: 'bounce', reason: 'header:x-failed-recipients' };
  const daemon = mailSystemSender(msg);
  if (daemon === 'mailerdaemon') return { kind: 'bounce', reason: 'sender:mailer-daemon' };
  if (daemon === 'postmaster') return { kind: 'bounce', reason: 'sender:postmaster' };
  // `From: <>` (no name either) on a message that says it is a bounce or returns a message.
  const returned = msg.partTypes.some((t) => t === 'message/rfc822' || t === 'text/rfc822-headers');
  if (hasNullSender(msg) && msg.headers.has('from') && (mentionsBounce(msg.subject) || returned))
    return { kind: 'bounce', reason: 'sender:null' };
  return null;
}

function reportRule(msg: ParsedMessage): Hit | null {
  if (msg.contentType !== 'multipart/report') return null;
  if (msg.reportType?.endsWith('disposition-notification') || msg.partTypes.some((t) => DISPOSITION.has(t))) {
    return { kind: 'auto-reply', reason: 'report:disposition-notification' };
  }
  // Any other report (abuse feedback, TLS reports, …) is machine-written too.
  return { kind: 'auto-reply', reason: `report:${msg.reportType ?? 'unknown'}` };
}

function autoSubmittedRule(msg: ParsedMessage): Hit | null {
  for (const value of values(msg, 'auto-submitted')) {
    const token = value
      .trim()
      .toLowerCase()
      .split(/[\s;(]/)[0];
    if (!token || token === 'no') continue;
    const reason = `header:auto-submitted=${token}`;
    if (token === 'auto-generated' && mentionsBounce(msg.subject)) return { kind: 'bounce', reason };
    return { kind: autoKind(msg, value.toLowerCase()), reason };
  }
  return null;
}

function autoReplyHeaderRule(msg: ParsedMessage): Hit | null {
  for (const name of AUTOREPLY_HEADERS) {
    const value = values(msg, name).find((v) => !/^\s*(no|false|0)\s*$/i.test(v));
    if (value !== undefined) return { kind: autoKind(msg), reason: `header:${name}` };
  }
  return null;
}

function exchangeRule(msg: ParsedMessage): Hit | null {
  if (!msg.headers.has('x-auto-response-suppress')) return null;
  if (msg.headers.has('x-ms-exchange-inbox-rules-loop')) {
    return { kind: autoKind(msg), reason: 'exchange:auto-response-suppress+inbox-rules-loop' };
  }
  if (hasOofSubject(msg.subject)) return { kind: 'vacation', reason: 'exchange:auto-response-suppress+oof-subject' };
  return null;
}

function returnPathRule(msg: ParsedMessage): Hit | null {
  if (!values(msg, 'return-path').some((v) => /^<\s*>$/.test(v.trim()))) return null;
  const reason = 'header:return-path=<>';
  if (mentionsBounce(msg.subject)) return { kind: 'bounce', reason };
  if (hasReceiptSubject(msg.subject)) return { kind: 'auto-reply', reason };
  return { kind: autoKind(msg), reason };
}

function precedenceRule(msg: ParsedMessage): Hit | null {
  for (const name of ['precedence', 'x-precedence']) {
    const value = values(msg, name)
      .map((v) => v.trim().toLowerCase())
      .find((v) => PRECEDENCE_AUTO.has(v));
    if (!value) continue;
    const reason = `header:${name}=${value}`;
    if (value === 'auto_reply' || value === 'auto-reply') return { kind: autoKind(msg), reason };
    // vacation(1) and some webmail responders mark their replies bulk or junk.
    if ((value === 'bulk' || value === 'junk') && mentionsVacation(msg.subject, msg.text))
      return { kind: 'vacation', reason };
    return { kind: 'list', reason };
  }
  return null;
}

function listRule(msg: ParsedMessage): Hit | null {
  const header = LIST_HEADERS.find((name) => has(msg, name));
  if (header) return { kind: 'list', reason: `list:${header}` };
  if (machineSenderOf(msg.from?.address) === 'list-manager') return { kind: 'list', reason: 'sender:list-manager' };
  return null;
}

/** Original-Message-ID of a read receipt's disposition-notification part. */
function receiptMessageIds(msg: ParsedMessage): string[] {
  const ids: string[] = [];
  for (const a of msg.attachments) {
    if (!DISPOSITION.has(a.contentType)) continue;
    const m = /^original-message-id:[ \t]*(.*)$/im.exec(a.content.subarray(0, 64 * 1024).toString('utf8'));
    if (m) ids.push(...messageIdsIn(m[1]));
  }
  return ids;
}

/** Message-IDs of the messages a complaint or feedback report returns. */
function returnedMessageIds(msg: ParsedMessage): string[] {
  const ids: string[] = [];
  for (const a of msg.attachments) {
    if (!['message/rfc822', 'message/global', 'text/rfc822-headers'].includes(a.contentType)) continue;
    const m = /^message-id:[ \t]*(.*)$/im.exec(attachedHeaderSection(a.content));
    if (m) ids.push(...messageIdsIn(m[1]));
  }
  return ids;
}

export function classifyMessage(msg: ParsedMessage, ctx: ClassifyContext = {}): Classification {
  const hit =
    loopRule(msg, ctx) ??
    structureRule(msg) ??
    reportRule(msg) ??
    bounceRule(msg) ??
    providerFormatRule(msg) ??
    textBounceRule(msg) ??
    autoSubmittedRule(msg) ??
    autoReplyHeaderRule(msg) ??
    exchangeRule(msg) ??
    exchangeAcknowledgementRule(msg) ??
    returnPathRule(msg) ??
    precedenceRule(msg) ??
    listRule(msg);

  if (!hit) return { verdict: 'normal', kind: 'normal', reason: 'normal' };

  if (hit.kind === 'bounce') {
    const details = bounceDetails(msg);
    return {
      verdict: 'auto-generated',
      kind: 'bounce',
      reason: hit.reason,
      referencedMessageIds: details.referencedMessageIds,
      failedRecipients: details.failedRecipients,
      delayedRecipients: details.delayedRecipients,
      deliveryAction: details.deliveryAction,
      ...(details.status ? { bounceStatus: details.status } : {}),
      ...(details.diagnostic ? { bounceDiagnostic: details.diagnostic } : {}),
    };
  }
  if (hit.kind === 'auto-reply' || hit.kind === 'vacation') {
    const ids = [msg.inReplyTo, ...msg.references, ...receiptMessageIds(msg), ...returnedMessageIds(msg)].filter(
      (id): id is string => Boolean(id),
    );
    return { verdict: 'auto-generated', kind: hit.kind, reason: hit.reason, referencedMessageIds: [...new Set(ids)] };
  }
  return { verdict: 'auto-generated', kind: hit.kind, reason: hit.reason };
}
