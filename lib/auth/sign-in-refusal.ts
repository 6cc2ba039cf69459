// Reads the wait out of a throttled sign-in's error code (`retry-after-N`, set in ./config.ts), for the
// sign-in action and for the sign-in page after next-auth's own redirect (`?error=…&code=…`).
export function retryAfterFromCode(code: unknown): number | null {
  const m = typeof code === 'string' ? /^retry-after-(\d{1,6})$/.exec(code) : null;
  return m ? Number(m[1]) : null;
}
