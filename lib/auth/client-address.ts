// The client address sign-in throttling counts against. `next start` puts the socket's address in
// X-Forwarded-For when the request has none; a reverse proxy appends the address it saw, so the last
// entry is the one nearest to us. A client talking to the app directly can choose this header, which is
// why throttling per account does not depend on it (README "Accounts").
export function clientAddress(headers: Headers | undefined): string | null {
  const forwarded = headers?.get('x-forwarded-for') ?? '';
  const last = forwarded.split(',').pop()?.trim() ?? '';
  const bare = last.replace(/^::ffff:/i, '');
  return /^[0-9a-f.:]{2,45}$/i.test(bare) ? bare.toLowerCase() : null;
}
