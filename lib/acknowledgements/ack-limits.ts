// Loop protection limits for acknowledgements (docs/architecture.md, "Mail rules").

/** At most one acknowledgement per sender per mailbox in this many hours, unless the mailbox sets its own (ackWindowHours). */
export const DEFAULT_ACK_WINDOW_HOURS = 24;

/** Circuit breaker: more than FLOOD_THRESHOLD inbound messages from one sender to one mailbox within FLOOD_WINDOW_MINUTES. */
export const FLOOD_THRESHOLD = 20;
export const FLOOD_WINDOW_MINUTES = 10;

/** Failed sends are retried with backoff (1, 2, 4 … minutes, at most 6 h) this many times in all. */
export const MAX_ACK_ATTEMPTS = 10;
export const MAX_ACK_BACKOFF_MINUTES = 6 * 60;

export function ackRetryDelayMinutes(attempts: number): number {
  return Math.min(2 ** Math.max(0, attempts - 1), MAX_ACK_BACKOFF_MINUTES);
}
