// Which addresses never get an acknowledgement.
import { describe, expect, it } from 'vitest';
import { refusedRecipientReason } from '@/lib/acknowledgements/refused-recipient';

describe('refusedRecipientReason', () => {
  it.each([
    ['noreply@shop.example', 'recipient:noreply'],
    ['No-Reply@shop.example', 'recipient:noreply'],
    ['no_reply@shop.example', 'recipient:noreply'],
    ['noreply+orders@shop.example', 'recipient:noreply'],
    ['noreply-billing@shop.example', 'recipient:noreply'],
    ['donotreply@shop.example', 'recipient:donotreply'],
    ['do-not-reply@shop.example', 'recipient:donotreply'],
    ['do_not_reply@shop.example', 'recipient:donotreply'],
    ['MAILER-DAEMON@mx.example', 'recipient:mailerdaemon'],
    ['postmaster@mx.example', 'recipient:postmaster'],
    ['bounces+123@lists.example', 'recipient:bounces'],
    ['postmaster+abuse@mx.example', 'recipient:postmaster'],
    ['unknown@invalid', 'recipient:unusable-address'],
    ['someone@host.invalid', 'recipient:unusable-address'],
    ['not an address', 'recipient:unusable-address'],
    ['', 'recipient:unusable-address'],
  ])('%s is refused (%s)', (address, reason) => {
    expect(refusedRecipientReason(address)).toBe(reason);
  });

  it.each([
    'ann@customer.example',
    'noreplyguy@customer.example',
    'reply@customer.example',
    'postmaster.general@customer.example',
    "o'brien@customer.example",
  ])('%s may get one', (address) => {
    expect(refusedRecipientReason(address)).toBeNull();
  });
});
