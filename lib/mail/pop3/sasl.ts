// SASL initial responses for POP3 AUTH (RFC 5034): PLAIN (RFC 4616), XOAUTH2 (Google/Microsoft), OAUTHBEARER (RFC 7628).

export function saslPlain(user: string, password: string): string {
  return Buffer.from(`\0${user}\0${password}`, 'utf8').toString('base64');
}

export function saslXoauth2(user: string, accessToken: string): string {
  return Buffer.from(`user=${user}\x01auth=Bearer ${accessToken}\x01\x01`, 'utf8').toString('base64');
}

export function saslOauthbearer(user: string, accessToken: string, host: string, port: number): string {
  // The GS2 header escapes "," and "=" in the authzid (RFC 5801).
  const authzid = user.replace(/=/g, '=3D').replace(/,/g, '=2C');
  return Buffer.from(
    `n,a=${authzid},\x01host=${host}\x01port=${port}\x01auth=Bearer ${accessToken}\x01\x01`,
    'utf8',
  ).toString('base64');
}
