// What a promise rejected with, checked to be an instance of the expected error class and typed as one, so a test
// can go on to assert its code and message: `expect((await rejectionOf(p, AppError)).code).toBe('conflict')`.
import { expect } from 'vitest';

export async function rejectionOf<E extends Error>(
  promise: Promise<unknown>,
  errorClass: abstract new (...args: never[]) => E,
): Promise<E> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(errorClass);
  return err as E;
}
