// What next-auth's errors leave in the server log. A wrong password is an expected answer, not a
// server error worth a line per attempt. Recognized by the error's `type` (Auth.js sets it from a
// static field): the class name, which the old filter compared, is minified in the production build,
// so every failed sign-in was logged there.
export function logAuthError(error: Error): void {
  const type = (error as Error & { type?: string }).type;
  if (type === 'CredentialsSignin') return;
  console.error(`[auth] ${type ?? error.name}: ${error.message}`);
}
