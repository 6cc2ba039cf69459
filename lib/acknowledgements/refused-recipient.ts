// Addresses an acknowledgement is never sent to: machines that do not read replies (mailer-daemon,
// postmaster, no-reply variants, list managers; lib/mail/machine-sender.ts) and anything that is not a
// usable address.
import { machineSenderOf } from '@/lib/mail/machine-sender';

// Loose on purpose: the address came from a parsed From/Reply-To; only obvious junk is refused here.
const EMAIL_SHAPE = /^[^\s@<>()",;]+@[^\s@<>()",;.][^\s@<>()",;]*$/;

/** Why `address` must not get an acknowledgement, or null when it may. */
export function refusedRecipientReason(address: string | null | undefined): string | null {
  const value = (address ?? '').trim().toLowerCase();
  const domain = value.slice(value.lastIndexOf('@') + 1);
  // "unknown@invalid" is what ingestion stores when a message had no usable sender.
  if (!value || !EMAIL_SHAPE.test(value) || domain === 'invalid' || domain.endsWith('.invalid'))
    return 'recipient:unusable-address';
  const machine = machineSenderOf(value);
  return machine ? `recipient:${machine}` : null;
}
