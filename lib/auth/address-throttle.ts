// Sign-ups and password-reset requests per client address (lib/auth/client-address.ts): a few a day are
// free, then each one doubles the wait before the next (1 s, 2 s … at most 15 min), as sign-in failures
// do. A request during a wait is refused without doing anything and is not counted. Without a trustworthy
// address (a bare `next start` without TRUST_PROXY) nothing is counted here.
import { withSystem } from '@/db/tenancy';
import { AppError } from '@/lib/errors';
import { countAgainst, throttleWait } from './sign-in-throttle';

export const addressAllowance = { 'sign-up': 5, 'password-reset': 10 } as const;

export type AddressAction = keyof typeof addressAllowance;

/** Takes one try of `action` for `address`; throws rate_limited ("Try again in N s") during a wait. */
export async function takeAddressTry(
  action: AddressAction,
  address: string | null,
  now: Date = new Date(),
): Promise<void> {
  if (!address) return;
  const key = `${action}:${address}`;
  const wait = await withSystem(async (tx) => {
    const waiting = await throttleWait(tx, [key], now);
    if (waiting > 0) return waiting;
    await countAgainst(tx, key, addressAllowance[action], now);
    return 0;
  });
  if (wait > 0) throw new AppError('rate_limited', `Too many requests from your network. Try again in ${wait} s.`);
}
