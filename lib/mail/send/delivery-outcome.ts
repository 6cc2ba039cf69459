// What a send attempt of outgoing case mail (an acknowledgement or an agent's reply) leaves on its
// case_messages row: sent, or failed with a reason and either a retry time (backoff) or none (a
// permanent refusal, or the retry limit reached: "Gave up after N attempts."). One rule for both.
import type { caseMessages } from '@/db/schema';
import type { SmtpFailure } from './describe-smtp-error';

export type DeliveryPolicy = { maxAttempts: number; retryDelayMs: (attempts: number) => number };

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
