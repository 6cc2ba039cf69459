// Is this message written by a machine (bounce, auto-reply, vacation, list, our own loop) or by a
// person? Pure and fast; `reason` names the rule that fired. Header and MIME-structure rules
// decide; wording only chooses the kind once a rule has fired (see classify-wording.ts).
import { localPart, messageIdsIn, normalizeAddress } from './addresses';
import { bounceDetails } from './classify-bounce-details';
import { hasOofSubject, hasReceiptSubject, mentionsBounce, mentionsVacation } from './classify-wording';
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
const DAEMON_LOCAL_PARTS = new Set(['mailer-daemon', 'mailer_daemon', 'mailerdaemon', 'mail-daemon', 'maildaemon']);
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

function bounceRule(msg: ParsedMessage): Hit | null {
  const isReport = msg.contentType === 'multipart/report';
  if (isReport && (msg.reportType?.endsWith('delivery-status') || msg.partTypes.some((t) => DELIVERY_STATUS.has(t)))) {
    return { kind: 'bounce', reason: 'report:delivery-status' };
  }
  if (has(msg, 'x-failed-recipients')) return { kind: 'bounce', reason: 'header:x-failed-recipients' };
  const sender = msg.from ? localPart(msg.from.address) : '';
  if (DAEMON_LOCAL_PARTS.has(sender)) return { kind: 'bounce', reason: 'sender:mailer-daemon' };
  if (sender === 'postmaster') return { kind: 'bounce', reason: 'sender:postmaster' };
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
    if (value === 'bulk' && mentionsVacation(msg.subject, msg.text)) return { kind: 'vacation', reason };
    return { kind: 'list', reason };
  }
  return null;
}

function listRule(msg: ParsedMessage): Hit | null {
  if (has(msg, 'list-id')) return { kind: 'list', reason: 'list:list-id' };
  if (has(msg, 'list-unsubscribe')) return { kind: 'list', reason: 'list:list-unsubscribe' };
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

export function classifyMessage(msg: ParsedMessage, ctx: ClassifyContext = {}): Classification {
  const hit =
    loopRule(msg, ctx) ??
    bounceRule(msg) ??
    reportRule(msg) ??
    autoSubmittedRule(msg) ??
    autoReplyHeaderRule(msg) ??
    exchangeRule(msg) ??
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
    };
  }
  if (hit.kind === 'auto-reply' || hit.kind === 'vacation') {
    const ids = [msg.inReplyTo, ...msg.references, ...receiptMessageIds(msg)].filter((id): id is string => Boolean(id));
    return { verdict: 'auto-generated', kind: hit.kind, reason: hit.reason, referencedMessageIds: [...new Set(ids)] };
  }
  return { verdict: 'auto-generated', kind: hit.kind, reason: hit.reason };
}
