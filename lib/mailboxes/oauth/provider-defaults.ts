// Fills an OAuth mailbox's server settings from its provider preset (only where the owner left
// them empty), and enforces what OAuth needs: IMAPS or POP3S, never a password.
import { AppError } from '@/lib/errors';
import { oauthPreset, type OAuthProvider } from './providers';

const TLS_PROTOCOLS = ['imaps', 'pop3s'] as const;

export const oauthProtocolMessage =
  'With OAuth the protocol is IMAPS or POP3S: the access token only travels over TLS.';

export function checkOAuthProtocol(protocol: string): void {
  if (!(TLS_PROTOCOLS as readonly string[]).includes(protocol)) {
    throw new AppError('validation', oauthProtocolMessage, {
      field: 'protocol',
      fields: [{ path: 'protocol', message: oauthProtocolMessage }],
    });
  }
}

/** `rest` is the create body without `authentication` and `oauth`. */
export function withProviderDefaults(rest: Record<string, unknown>, provider: OAuthProvider): Record<string, unknown> {
  if (rest.password !== undefined && rest.password !== '') {
    throw new AppError(
      'validation',
      'An OAuth mailbox signs in with an access token, not a password: leave the password empty.',
      { field: 'password' },
    );
  }
  const { password: _ignored, ...out } = rest;
  void _ignored;
  const protocol = typeof out.protocol === 'string' && out.protocol ? out.protocol : 'imaps';
  checkOAuthProtocol(protocol);
  out.protocol = protocol;
  const preset = oauthPreset(provider);
  if (!preset) return out;
  const server = preset[protocol as 'imaps' | 'pop3s'];
  if (!out.host) {
    out.host = server.host;
    out.port ??= server.port;
  }
  // The provider's SMTP server with the same token (XOAUTH2), unless the owner set SMTP up.
  if (out.smtp === undefined)
    out.smtp = { host: preset.smtp.host, port: preset.smtp.port, security: preset.smtp.security, sameAsIncoming: true };
  return out;
}
