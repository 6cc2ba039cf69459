// Addresses an acknowledgement is never sent to: machines that do not read replies (mailer-daemon,
// postmaster, no-reply variants) and anything that is not a usable address.
// No-reply and bounce addresses come with suffixes ("noreply-billing@", "bounces+123@"); the
// daemons only with a +tag.
const MACHINE_LOCAL_PARTS = [
  /^(no[-_.]?reply|do[-_.]?not[-_.]?reply|dont[-_.]?reply|bounces?)([-+_.].*)?$/i,
  /^(mailer[-_.]?daemon|mail[-_.]?daemon|postmaster)(\+.*)?$/i,
];
// Loose on purpose: the address came from a parsed From/Reply-To; only obvious junk is refused here.
const EMAIL_SHAPE = /^[^\s@<>()",;]+@[^\s@<>()",;.][^\s@<>()",;]*$/;

/** Why `address` must not get an acknowledgement, or null when it may. */
export function refusedRecipientReason(address: string | null | undefined): string | null {
  const value = (address ?? '').trim().toLowerCase();
  const domain = value.slice(value.lastIndexOf('@') + 1);
  // "unknown@invalid" is what ingestion stores when a message had no usable sender.
  if (!value || !EMAIL_SHAPE.test(value) || domain === 'invalid' || domain.endsWith('.invalid'))
    return 'recipient:unusable-address';
  const local = value.slice(0, value.lastIndexOf('@'));
  const match = MACHINE_LOCAL_PARTS.map((re) => re.exec(local)).find(Boolean);
  if (match) return `recipient:${match[1].toLowerCase().replace(/[-_.]/g, '')}`;
  return null;
}
