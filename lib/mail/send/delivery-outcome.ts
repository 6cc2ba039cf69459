// What a send attempt of outgoing case mail (an acknowledgement or an agent's reply) leaves on its
// case_messages row: claimed as sending until an expiry; then sent, or failed with a reason and either a
// retry time (backoff) or none (a permanent refusal, or the retry limit reached: "Gave up after N
// attempts."). One rule for both; deliver-case-mail.ts applies it.
import type { caseMessages } from '@/db/schema';
import type { SmtpFailure } from './describe-smtp-error';

export type DeliveryPolicy = { maxAttempts: number; retryDelayMs: (attempts: number) => number };

/** A claimed send older than this is taken to have crashed, and may be sent again. */
export const SENDING_CLAIM_MS = 5 * 60_000;

export type FailedDelivery = { final: boolean; reason: string; retryAt: Date | null };

type DeliveryColumns = Partial<typeof caseMessages.$inferInsert>;

/** The outcome of the `attempts`-th failed attempt. */
export function failedDelivery(
  failure: SmtpFailure,
  attempts: number,
  policy: DeliveryPolicy,
  now = new Date(),
): FailedDelivery {
  const final = failure.permanent || attempts >= policy.maxAttempts;
  const reason =
    final && !failure.permanent ? `${failure.message} Gave up after ${attempts} attempts.` : failure.message;
  const retryAt = final ? null : new Date(now.getTime() + policy.retryDelayMs(attempts));
  return { final, reason, retryAt };
}

export function sentColumns(attempts: number, now: Date): DeliveryColumns {
  return { deliveryStatus: 'sent', deliveryError: null, deliveryAttempts: attempts, nextDeliveryAt: null, sentAt: now };
}

export function failedColumns(outcome: FailedDelivery, attempts: number): DeliveryColumns {
  return {
    deliveryStatus: 'failed',
    deliveryError: outcome.reason,
    deliveryAttempts: attempts,
    nextDeliveryAt: outcome.retryAt,
  };
}

/** The row is claimed as 'sending' until the claim expires. */
export function claimColumns() {
  return {
    deliveryStatus: 'sending',
    nextDeliveryAt: new Date(Date.now() + SENDING_CLAIM_MS),
  } satisfies DeliveryColumns;
}

/** Another call claimed the row and its claim has not expired: it is (probably) sending right now. */
export function isClaimedElsewhere(row: Pick<typeof caseMessages.$inferSelect, 'deliveryStatus' | 'nextDeliveryAt'>) {
  return row.deliveryStatus === 'sending' && row.nextDeliveryAt !== null && row.nextDeliveryAt.getTime() > Date.now();
}
