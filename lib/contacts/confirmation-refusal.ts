// Why a held unknown sender must not be asked to confirm, or null when they may be. Auto-generated mail,
// bounces and spam never get this far (ingestion holds them before the sender filter); what is left:
// no usable address, a machine's or our own address, and a sender whose verification failed (a forged
// From would make us mail the person it names).
import type { InboundChecks } from '@/lib/mail/verify/check-inbound';
import { refusedRecipientReason } from '@/lib/acknowledgements/refused-recipient';
import { contactAddress } from './contact-address';

export function confirmationRefusal(p: {
  sender: string | undefined;
  checks: InboundChecks;
  ownAddresses: string[];
}): string | null {
  const sender = contactAddress(p.sender);
  if (!sender) return 'no-sender-address';
  const refused = refusedRecipientReason(sender);
  if (refused) return refused;
  if (p.ownAddresses.includes(sender)) return 'recipient:own-mailbox';
  if (p.checks.senderAuth && !p.checks.senderAuth.verified) return 'unverified-sender';
  return null;
}
