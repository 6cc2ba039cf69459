// Per-format knowledge of machine mail that carries no standard header signal: the plain-text
// bounces of MTAs, providers and gateways (recognized by the opening words of their body, which each
// format fixes), Amazon SES notifications delivered as SNS JSON, Outlook.com junk complaints, Apple's
// vacation header, Japanese carriers' and SMS gateways' error notices, challenge-response systems and
// helpdesk acknowledgements (after the header rules). README "What Caseflow recognizes as machine mail" lists the formats.
//
// A signature counts only at the start of the body of a message whose subject is not a person's
// reply or forward, so a person quoting or forwarding a bounce stays a person.
import { attachedHeaderSection } from './attached-headers';
import { mailSystemSender, machineSenderOf } from './machine-sender';
import { messageTextView } from './message-text-view';
import type { MessageKind, ParsedMessage } from './types';

export type FormatHit = { kind: MessageKind; reason: string };

/** Opening words of plain-text bounces, per format (lower-case, whitespace collapsed). */
const TEXT_BOUNCES: [format: string, signature: RegExp][] = [
  [
    'postfix',
    /this is the mail system at host |i'm sorry to have to inform you that your message could not be delivered/,
  ],
  [
    'exim',
    /this message was created automatically by mail delivery software|a message that you sent could not be delivered to one or more of its recipients/,
  ],
  [
    'sendmail',
    /the original message was received at |-{5} the following addresses had (permanent fatal|transient non-fatal) errors -{5}|-{5} transcript of session follows -{5}/,
  ],
  [
    'qmail',
    /this is the qmail-send program at |i'm afraid i wasn't able to deliver your message to the following addresses/,
  ],
  [
    'courier',
    /running the courier mail server|this is a delivery status notification from [^ ]{1,255}, running the courier/,
  ],
  [
    'opensmtpd',
    /this is the mailer-daemon, please do not reply|an error has occurred while attempting to deliver a message for the following list of recipients/,
  ],
  ['dragonfly', /this is the dragonfly mail agent/],
  ['mdaemon', /the attached message had (permanent fatal|transient non-fatal) delivery errors/],
  ['hmailserver', /your message did not reach some or all of the intended recipients/],
  [
    'kerio',
    /kerio connect (could not deliver|delivery status notification)|this is a delivery status notification from kerio/,
  ],
  ['domino', /your message subject: .{0,300}? was not delivered to:|was not delivered to: [^ ]{1,255} because: /],
  ['groupwise', /the message that you sent was undeliverable to the following/],
  ['zimbra', /this is the zimbra mail system|zimbra could not deliver/],
  // Exchange and Microsoft 365 in English, German, French, Spanish, Italian, Dutch, Portuguese, Japanese, Polish, Swedish.
  [
    'exchange',
    /delivery has failed to these recipients or groups|your message to .{1,300}? couldn't be delivered|die zustellung an folgende empfänger oder gruppen ist fehlgeschlagen|la remise a échoué pour les destinataires ou groupes suivants|error en la entrega a estos destinatarios o grupos|recapito non riuscito ai destinatari o gruppi seguenti|de bezorging is mislukt voor deze ontvangers of groepen|falha na entrega para estes destinatários ou grupos|次の受信者またはグループへの配信に失敗しました|dostarczenie do tych adresatów lub grup nie powiodło się|leveransen misslyckades till följande mottagare eller grupper/,
  ],
  [
    'gmail',
    /delivery to the following recipients? failed permanently|your message wasn't delivered to |\*\* (address not found|message not delivered|message blocked|delivery incomplete) \*\*|there was a temporary problem delivering your message/,
  ],
  [
    'yahoo',
    /sorry, we were unable to deliver your message to the following address|this message was undeliverable due to the following reason/,
  ],
  ['zoho', /zoho mail could not deliver|delivery to the following recipients? has failed/],
  ['yandex', /это письмо создано автоматически сервером яндекс|this is an automatically generated message from yandex/],
  ['mailru', /это письмо создано автоматически сервером mail\.ru|сообщение не доставлено/],
  [
    'gmx',
    /diese nachricht wurde automatisch vom mail-system erstellt|mail delivery failed: returning message to sender/,
  ],
  ['mimecast', /your message couldn't be delivered to the recipients? below|mimecast could not deliver/],
  ['proofpoint', /proofpoint (essentials )?could not deliver|message rejected by proofpoint/],
  [
    'barracuda',
    /your message to: .{1,300}? was not delivered|barracuda email security (gateway|service) could not deliver/,
  ],
  ['mcafee', /mcafee email gateway could not deliver|the following message could not be delivered by mcafee/],
  ['sophos', /sophos email (appliance|gateway) could not deliver|your message was not delivered by sophos/],
];

const SIGNATURE_START = 40;

const DELAY_BODY =
  /warning only\. you do not need to resend|will (continue to )?(retry|try)|still (being )?retried|has not yet been delivered|delivery (has been |is )?delayed|noch nicht zugestellt|temporarily deferred/;

// Japanese mobile carriers: docomo, au/KDDI (ezweb), SoftBank.
const CARRIER_DOMAINS =
  /(^|\.)(docomo\.ne\.jp|ezweb\.ne\.jp|au\.com|softbank\.ne\.jp|i\.softbank\.jp|disney\.ne\.jp|vodafone\.ne\.jp)$/;
const CARRIER_SUBJECT =
  /^(メールエラー通知|mail delivery failure|returned mail|undelivered mail|配信エラー|送信エラー)/i;
// SMS and MMS gateways that answer mail to a phone number.
const SMS_DOMAINS =
  /(^|\.)(vtext\.com|vzwpix\.com|txt\.att\.net|mms\.att\.net|tmomail\.net|messaging\.sprintpcs\.com|pm\.sprint\.com|mymetropcs\.com|sms\.myboostmobile\.com|email\.uscc\.net|msg\.fi\.google\.com|text\.republicwireless\.com)$/;
const SMS_ERROR =
  /^error: (invalid user address|recipient address rejected|message too large|no such user|invalid recipient|mailbox unavailable)/;

// Not "x-cr-": Outlook puts X-CR-HashedPuzzle / X-CR-PuzzleID on people's mail.
const CHALLENGE_HEADER = /^(x-boxbe-|x-tmda-|x-spamarrest-|x-mailinblack|x-challenge-response)/;
const CHALLENGE_AGENT = /\b(tmda|boxbe|spamarrest|mailinblack|choicemail|sendio)\b/i;

// What helpdesks and CRMs put on their automatic acknowledgements.
const ACK_SUBJECT =
  /(has been received|we (have )?received your|request (received|#)|ticket (#|no\.?|number|id)|thank you for (contacting|your (email|message|request))|auto[- ]?acknowledg|eingegangen|bien reçu|hemos recibido|受付)/i;

function domainOf(address: string | undefined): string {
  const value = (address ?? '').toLowerCase();
  return value.slice(value.lastIndexOf('@') + 1);
}

/** A plain-text bounce recognized by its opening words. */
export function textBounceFormat(msg: ParsedMessage): { format: string; delayed: boolean } | null {
  const view = messageTextView(msg);
  if (view.personSubject || !view.opening) return null;
  // The format's words open the body (after at most a greeting such as OpenSMTPD's "Hi!"): a person
  // who pastes a bounce below their own words is still a person.
  const hit = TEXT_BOUNCES.find(
    ([, signature]) => (signature.exec(view.opening)?.index ?? Infinity) <= SIGNATURE_START,
  );
  return hit ? { format: hit[0], delayed: DELAY_BODY.test(view.opening) } : null;
}

/** The JSON body of an Amazon SNS notification carrying an SES event, when it is one. */
export function sesNotification(msg: ParsedMessage): Record<string, unknown> | null {
  if (!msg.headers.has('x-amz-sns-message-id') && !msg.headers.has('x-amz-sns-topic-arn')) return null;
  const text = (msg.text ?? '').trim();
  if (!text.startsWith('{') || text.length > 1024 * 1024) return null;
  try {
    const outer = JSON.parse(text) as Record<string, unknown>;
    // Raw delivery gives the SES event itself; otherwise it sits in the SNS envelope's Message.
    const event = typeof outer.Message === 'string' ? (JSON.parse(outer.Message) as Record<string, unknown>) : outer;
    return typeof event.notificationType === 'string' || typeof event.eventType === 'string' ? event : null;
  } catch {
    return null;
  }
}

function sesRule(msg: ParsedMessage): FormatHit | null {
  const event = sesNotification(msg);
  if (!event) return null;
  const type = String(event.notificationType ?? event.eventType).toLowerCase();
  if (type === 'bounce') return { kind: 'bounce', reason: 'format:ses-sns-bounce' };
  return { kind: 'auto-reply', reason: `format:ses-sns-${type.replace(/[^a-z]/g, '') || 'notification'}` };
}

function outlookComplaintRule(msg: ParsedMessage): FormatHit | null {
  const attached = msg.attachments.filter(
    (a) => a.contentType === 'message/rfc822' || a.contentType === 'message/global',
  );
  for (const a of attached) {
    if (/^x-hmxmroriginalrecipient:/im.test(attachedHeaderSection(a.content)))
      return { kind: 'auto-reply', reason: 'format:outlook-complaint' };
  }
  return null;
}

function appleVacationRule(msg: ParsedMessage): FormatHit | null {
  const action = (msg.headers.get('x-apple-action') ?? []).join(' ');
  return /vacation/i.test(action) ? { kind: 'vacation', reason: 'header:x-apple-action=vacation' } : null;
}

function carrierRule(msg: ParsedMessage): FormatHit | null {
  if (!CARRIER_SUBJECT.test(msg.subject.trim())) return null;
  const returned = msg.partTypes.some((t) => t === 'message/rfc822' || t === 'text/rfc822-headers');
  const machine = machineSenderOf(msg.from?.address);
  // A carrier's own domain, or any no-reply sender returning the message under the carrier's subject.
  if (CARRIER_DOMAINS.test(domainOf(msg.from?.address)) ? returned || machine : returned && machine)
    return { kind: 'bounce', reason: 'format:jp-carrier-error' };
  return null;
}

function smsGatewayRule(msg: ParsedMessage): FormatHit | null {
  const view = messageTextView(msg);
  if (!SMS_ERROR.test(view.opening)) return null;
  const sender = msg.from?.address;
  if (SMS_DOMAINS.test(domainOf(sender)) || machineSenderOf(sender) || mailSystemSender(msg))
    return { kind: 'bounce', reason: 'format:sms-gateway-error' };
  return null;
}

function challengeRule(msg: ParsedMessage): FormatHit | null {
  for (const name of msg.headers.keys()) {
    if (CHALLENGE_HEADER.test(name)) return { kind: 'auto-reply', reason: `challenge:${name}` };
  }
  const agent = [...(msg.headers.get('x-delivery-agent') ?? []), ...(msg.headers.get('x-mailer') ?? [])].join(' ');
  if (CHALLENGE_AGENT.test(agent) && msg.headers.has('x-delivery-agent'))
    return { kind: 'auto-reply', reason: 'challenge:x-delivery-agent' };
  return null;
}

/** A helpdesk's acknowledgement: Exchange's X-Auto-Response-Suppress and a receipt subject, nothing else. */
export function exchangeAcknowledgementRule(msg: ParsedMessage): FormatHit | null {
  const suppress = (msg.headers.get('x-auto-response-suppress') ?? []).join(',');
  if (!/\b(all|autoreply|oof)\b/i.test(suppress) || messageTextView(msg).personSubject) return null;
  return ACK_SUBJECT.test(msg.subject)
    ? { kind: 'auto-reply', reason: 'exchange:auto-response-suppress+receipt' }
    : null;
}

/** Provider and product formats with their own shape, tried in order. */
export function providerFormatRule(msg: ParsedMessage): FormatHit | null {
  return (
    sesRule(msg) ??
    outlookComplaintRule(msg) ??
    appleVacationRule(msg) ??
    carrierRule(msg) ??
    smsGatewayRule(msg) ??
    challengeRule(msg)
  );
}

/** A text bounce recognized by its format's opening words. */
export function textBounceRule(msg: ParsedMessage): FormatHit | null {
  const hit = textBounceFormat(msg);
  return hit ? { kind: 'bounce', reason: `format:${hit.format}${hit.delayed ? '-delay' : ''}` } : null;
}

export function isDelayText(opening: string): boolean {
  return DELAY_BODY.test(opening);
}
