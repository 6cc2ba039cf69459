// One server per test file: `useStarted(start, stop)` starts it in beforeAll and stops it in afterAll, and
// hands back a stand-in that forwards to it, so a file writes `const dovecot = useDovecot();` instead of
// a `let`, a beforeAll and an afterAll. Touching the stand-in before beforeAll has run is an error.
import { afterAll, beforeAll } from 'vitest';

export function useStarted<T extends object>(start: () => Promise<T>, stop: (started: T) => Promise<unknown>): T {
  let current: T | undefined;
  beforeAll(async () => {
    current = await start();
  });
  afterAll(async () => {
    if (current) await stop(current);
  });
  return forwardTo(() => {
    if (!current) throw new Error('used before its beforeAll started it');
    return current;
  });
}

/** A stand-in whose properties and methods are those of `target()` at the time they are read. */
export function forwardTo<T extends object>(target: () => T): T {
  return new Proxy({} as T, {
    get(_, key) {
      const t = target();
      const value = Reflect.get(t, key, t);
      return typeof value === 'function' ? value.bind(t) : value;
    },
    has: (_, key) => key in target(),
    ownKeys: () => Reflect.ownKeys(target()),
    getOwnPropertyDescriptor: (_, key) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(target(), key);
      return descriptor && { ...descriptor, configurable: true };
    },
  });
}
