// The mailbox's sender filter, decided for one message: a reply that confirms a held message, and a new
// message from someone who is not a contact, held and perhaps asked to confirm. Ingestion
// (lib/cases/ingest-message.ts) writes what these say; the rules simulator (lib/rules/simulate-message.ts)
// shows it, so the two cannot disagree.
import { isUnverified, type InboundChecks } from '@/lib/mail/verify/check-inbound';
import type { ParsedMessage } from '@/lib/mail/types';
import { confirmationRefusal } from './confirmation-refusal';
import type { ContactPolicy, HeldForConfirmation, SenderGate } from './sender-gate';

/** How a held unknown sender is asked to confirm: null when the mailbox does not ask. */
export type ConfirmationPlan = { requested: true } | { requested: false; refusal: string } | null;

/** A stranger's new message is held as 'unknown-sender'; `confirmation` says whether they are asked to confirm. */
export type UnknownSenderHold = { confirmation: ConfirmationPlan };

/**
 * Whether a new message (no case to join; the mailbox creates cases) is held by the filter: only when the
 * mailbox accepts existing contacts only, outside the import, and the sender is neither on the allowed list
 * nor a contact. A sender who may not be mailed (no address, a machine's or our own, unverified) is held
 * without a request.
 */
export function unknownSenderHold(p: {
  policy: ContactPolicy;
  gate: SenderGate;
  imported: boolean;
  allowedSender: boolean;
  sender: string | undefined;
  checks: InboundChecks;
  ownAddresses: string[];
}): UnknownSenderHold | null {
  if (p.imported || p.policy.senderFilter !== 'contacts' || p.allowedSender || p.gate.isContact(p.sender)) return null;
  if (!p.policy.confirmUnknownSenders) return { confirmation: null };
  const refusal = confirmationRefusal(p);
  return { confirmation: refusal ? { requested: false, refusal } : { requested: true } };
}

/**
 * The held message this one confirms (a reply to our request, from its sender), or null. Not during the
 * import, and not from a sender we could not verify: a forged reply must not open the held message.
 */
export function heldMessageConfirmedBy(
  gate: SenderGate,
  p: { message: ParsedMessage; imported: boolean; checks: InboundChecks },
): HeldForConfirmation | null {
  return p.imported || isUnverified(p.checks) ? null : gate.confirms(p.message);
}
