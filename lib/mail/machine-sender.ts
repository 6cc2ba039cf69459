// Sender addresses that belong to machines, not people: the mail system's own daemons (they send
// bounces), no-reply senders (nobody reads replies) and list managers (they answer commands).
// Classification and the acknowledgement guard both ask this, so a sender the classifier treats as
// a machine is never acknowledged either.
import { localPart } from './addresses';
import type { ParsedMessage } from './types';

export type MachineSender = 'mailerdaemon' | 'postmaster' | 'noreply' | 'donotreply' | 'bounces' | 'list-manager';

// Daemons only with a +tag; no-reply and bounce addresses also with suffixes ("noreply-billing@", "bounces+123@").
const LOCAL_PARTS: [RegExp, MachineSender][] = [
  [/^(mailer[-_.]?daemon|mail[-_.]?daemon)(\+.*)?$/i, 'mailerdaemon'],
  [/^post[-_]?master(\+.*)?$/i, 'postmaster'],
  [/^no[-_.]?reply([-+_.].*)?$/i, 'noreply'],
  [/^(do[-_.]?not[-_.]?reply|dont[-_.]?reply)([-+_.].*)?$/i, 'donotreply'],
  [/^bounces?([-+_.].*)?$/i, 'bounces'],
  // Mailman (-request, -owner, -bounces), Majordomo (owner-), LISTSERV, Sympa, fml, Ecartis, Lyris.
  [
    /^(.+-request|.+-owner|owner-.+|majordomo|listserv|listproc|sympa|mailman|fmlserv|listmaster|ecartis|lyris)(\+.*)?$/i,
    'list-manager',
  ],
];

// Exchange's system mailbox that signs its NDRs ("MicrosoftExchange329e71ec…").
const EXCHANGE_SYSTEM = /^microsoftexchange[0-9a-f]{32}$/i;

// Display names the mail system puts on bounces, sometimes with an empty address ("MAILER-DAEMON <>").
// The generic ones count only when there is no address: an IT person may well sign "System Administrator".
const DAEMON_NAMES = /^\s*"?(mailer[-_ ]?daemon|mail delivery (system|subsystem|service))"?\s*$/i;
const NULL_SENDER_NAMES =
  /^\s*"?(mail administrator|postmaster|post_master|delivery status notification|mail delivery failure|system ?administrator)"?\s*$/i;

/** What kind of machine `address` is, or null for an address a person may read. */
export function machineSenderOf(address: string | undefined | null): MachineSender | null {
  const value = (address ?? '').trim();
  if (!value.includes('@')) return null;
  const local = localPart(value);
  if (local.length > 256) return null;
  if (EXCHANGE_SYSTEM.test(local)) return 'mailerdaemon';
  return LOCAL_PARTS.find(([re]) => re.test(local))?.[1] ?? null;
}

/**
 * The mail-system sender of a message, looking at the display name too: `From: MAILER-DAEMON <>`
 * parses to no address at all, and DragonFly and others send exactly that.
 */
export function mailSystemSender(msg: ParsedMessage): 'mailerdaemon' | 'postmaster' | null {
  const kind = machineSenderOf(msg.from?.address);
  if (kind === 'mailerdaemon' || kind === 'postmaster') return kind;
  const raw = (msg.headers.get('from') ?? [])[0] ?? '';
  const name = msg.from?.name ?? raw.replace(/<[^<>]{0,998}>\s*$/, '');
  if (name.length > 80) return null;
  if (DAEMON_NAMES.test(name)) return 'mailerdaemon';
  if (hasNullSender(msg) && NULL_SENDER_NAMES.test(name)) return /post/i.test(name) ? 'postmaster' : 'mailerdaemon';
  return null;
}

/** A From header with no usable address at all (`<>`, empty, a bare name). */
export function hasNullSender(msg: ParsedMessage): boolean {
  return !msg.from?.address?.includes('@');
}
