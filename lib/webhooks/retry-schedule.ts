// When each attempt of a delivery happens: Standard Webhooks' usual schedule. Entry i is the wait
// before attempt i + 1, so attempt 1 is immediate and attempt 8 is the last.
export const DEFAULT_RETRY_SCHEDULE_MS: readonly number[] = [
  0,
  5_000,
  5 * 60_000,
  30 * 60_000,
  2 * 3_600_000,
  5 * 3_600_000,
  10 * 3_600_000,
  10 * 3_600_000,
];

/** After this long of failing without a single success, an endpoint is disabled. */
export const DISABLE_AFTER_FAILING_MS = 5 * 24 * 3_600_000;

/** A Retry-After longer than this is capped: the consumer still gets the rest of the schedule. */
export const MAX_RETRY_AFTER_MS = 24 * 3_600_000;

// ±10 %: many deliveries failing together (a consumer outage) do not come back in one burst.
const JITTER = 0.1;

export type RetryOptions = { schedule?: readonly number[]; random?: () => number };

/**
 * When the next attempt is due after `attemptsMade` failed attempts, or null when the schedule is
 * exhausted. A Retry-After (429/503) moves it later, never earlier.
 */
export function nextAttemptAt(
  attemptsMade: number,
  now: Date,
  opts: RetryOptions & { retryAfterMs?: number | null } = {},
): Date | null {
  const schedule = opts.schedule ?? DEFAULT_RETRY_SCHEDULE_MS;
  if (attemptsMade >= schedule.length) return null;
  const base = schedule[attemptsMade];
  const random = opts.random ?? Math.random;
  const jittered = Math.round(base * (1 + (random() * 2 - 1) * JITTER));
  const wait = Math.max(jittered, Math.min(opts.retryAfterMs ?? 0, MAX_RETRY_AFTER_MS));
  return new Date(now.getTime() + wait);
}

/** Retry-After as delay-seconds or an HTTP date (RFC 9110 §10.2.3); null when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now: Date): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return null;
  return Math.max(0, date - now.getTime());
}
