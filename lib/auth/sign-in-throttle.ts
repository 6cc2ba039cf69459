// Sign-in throttling per account and per client address (README "Accounts"). Each failure past a few
// free ones doubles the wait before the next try, up to a cap; a success, a password reset or a day
// without failures forgets them. The wait is capped and a reset clears it, so the real owner is never
// locked out for good; tries during a wait are refused without checking the password and are not counted.
import { inArray, sql } from 'drizzle-orm';
import type { SystemTx } from '@/db/tenancy';
import { signInThrottles } from '@/db/schema';

export const throttlePolicy = {
  /** Failures allowed before any wait, per account and per client address (an office shares one). */
  freeFailures: { account: 5, address: 20 },
  firstDelaySeconds: 1,
  maxDelaySeconds: 15 * 60,
  /** Failures older than this are forgotten. */
  forgetAfterSeconds: 24 * 60 * 60,
} as const;

export type ThrottleKeys = { account: string; address: string | null };

function keyList(keys: ThrottleKeys): string[] {
  return [`account:${keys.account.toLowerCase()}`, ...(keys.address ? [`address:${keys.address}`] : [])];
}

/** The wait after `failures` failures for a key with `free` free failures, in seconds. */
export function throttleDelaySeconds(failures: number, free: number): number {
  if (failures <= free) return 0;
  const doubled = throttlePolicy.firstDelaySeconds * 2 ** Math.min(failures - free - 1, 30);
  return Math.min(doubled, throttlePolicy.maxDelaySeconds);
}

/** Seconds until the next try is allowed (0: go ahead). */
export async function signInWait(tx: SystemTx, keys: ThrottleKeys, now: Date): Promise<number> {
  return throttleWait(tx, keyList(keys), now);
}

/** Seconds until any of `keys` allows a try again (0: go ahead). */
export async function throttleWait(tx: SystemTx, keys: string[], now: Date): Promise<number> {
  const rows = await tx
    .select({ blockedUntil: signInThrottles.blockedUntil })
    .from(signInThrottles)
    .where(inArray(signInThrottles.key, keys));
  const until = Math.max(0, ...rows.map((r) => r.blockedUntil?.getTime() ?? 0));
  return until > now.getTime() ? Math.ceil((until - now.getTime()) / 1000) : 0;
}

/** Counts a failed sign-in against the account and the address; returns the wait it sets, in seconds. */
export async function recordSignInFailure(tx: SystemTx, keys: ThrottleKeys, now: Date): Promise<number> {
  let wait = 0;
  for (const key of keyList(keys)) {
    const free = key.startsWith('account:') ? throttlePolicy.freeFailures.account : throttlePolicy.freeFailures.address;
    wait = Math.max(wait, await countAgainst(tx, key, free, now));
  }
  return wait;
}

/** One more try against `key` (`free` of them cost nothing); returns the wait it sets, in seconds. */
export async function countAgainst(tx: SystemTx, key: string, free: number, now: Date): Promise<number> {
  const forgetBefore = new Date(now.getTime() - throttlePolicy.forgetAfterSeconds * 1000);
  const [row] = await tx
    .insert(signInThrottles)
    .values({ key, failures: 1, lastFailureAt: now })
    .onConflictDoUpdate({
      target: signInThrottles.key,
      set: {
        failures: sql`case when ${signInThrottles.lastFailureAt} < ${forgetBefore.toISOString()}::timestamptz then 1 else ${signInThrottles.failures} + 1 end`,
        lastFailureAt: now,
      },
    })
    .returning({ failures: signInThrottles.failures });
  const delay = throttleDelaySeconds(row.failures, free);
  if (delay > 0) {
    await tx
      .update(signInThrottles)
      .set({ blockedUntil: new Date(now.getTime() + delay * 1000) })
      .where(sql`${signInThrottles.key} = ${key}`);
  }
  return delay;
}

/** Forgets an account's failures (after a success or a password reset); the address keeps its count. */
export async function clearAccountThrottle(tx: SystemTx, email: string): Promise<void> {
  await tx.delete(signInThrottles).where(sql`${signInThrottles.key} = ${`account:${email.toLowerCase()}`}`);
}

export function retryMessage(seconds: number): string {
  return `Too many sign-in attempts. Try again in ${seconds} s.`;
}
