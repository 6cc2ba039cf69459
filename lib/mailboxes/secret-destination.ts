// A stored secret is only ever sent to the server it was entered for (README "Security: secrets are bound to
// their server"). These checks tell an update which stored secrets a settings change would send somewhere new,
// so the update can ask for them again instead of handing them to whatever host was typed in.
import { AppError } from '@/lib/errors';
import type { MailboxSettings, SmtpSettings } from './resolve-mailbox-settings';

/** Where a secret goes: the server and how the connection to it is protected. */
type Endpoint = { host: string; port: number; scheme: string; tls: number; verify: boolean };

// Stronger is higher: a change to a weaker setting exposes the secret on the wire, like a new host would.
const incomingTls = (s: MailboxSettings): number =>
  s.protocol === 'imaps' || s.protocol === 'pop3s' ? 2 : s.starttls === 'required' ? 1 : 0;
const smtpTls = { tls: 2, starttls: 1, none: 0 } as const;

function incomingEndpoint(s: MailboxSettings): Endpoint {
  return { host: s.host, port: s.port, scheme: s.protocol, tls: incomingTls(s), verify: s.tlsVerify };
}

function smtpEndpoint(smtp: SmtpSettings, tlsVerify: boolean): Endpoint {
  return { host: smtp.host, port: smtp.port, scheme: 'smtp', tls: smtpTls[smtp.security], verify: tlsVerify };
}

/** Whether `after` reaches the same server as `before`, protected at least as well. */
function sameOrSafer(before: Endpoint, after: Endpoint): boolean {
  return (
    before.host === after.host &&
    before.port === after.port &&
    before.scheme === after.scheme &&
    after.tls >= before.tls &&
    (after.verify || !before.verify)
  );
}

/** Every server the incoming secret (password or access token) is sent to: the incoming one, and SMTP when it shares it. */
function incomingSecretEndpoints(s: MailboxSettings): Endpoint[] {
  const out = [incomingEndpoint(s)];
  if (s.smtp?.sameAsIncoming) out.push(smtpEndpoint(s.smtp, s.tlsVerify));
  return out;
}

function covered(before: Endpoint[], after: Endpoint[]): boolean {
  return after.every((a) => before.some((b) => sameOrSafer(b, a)));
}

export type MovedSecrets = {
  /** The incoming password or OAuth access token would reach a server it was not entered for. */
  incoming: boolean;
  /** The separate SMTP password would reach another SMTP server. */
  smtp: boolean;
};

/** Which stored secrets a change from `before` to `after` would send to a new destination. */
export function movedSecrets(before: MailboxSettings, after: MailboxSettings): MovedSecrets {
  const incoming = !covered(incomingSecretEndpoints(before), incomingSecretEndpoints(after));
  const smtp =
    Boolean(after.smtp && !after.smtp.sameAsIncoming) &&
    !(
      before.smtp &&
      !before.smtp.sameAsIncoming &&
      sameOrSafer(smtpEndpoint(before.smtp, before.tlsVerify), smtpEndpoint(after.smtp!, after.tlsVerify))
    );
  return { incoming, smtp };
}

/** The OAuth endpoints the client secret, the code and the refresh token travel to. */
export type OAuthEndpoints = { provider: string; clientId: string; authUrl: string; tokenUrl: string };

export function oauthEndpointsMoved(before: OAuthEndpoints | undefined, after: OAuthEndpoints): boolean {
  return (
    !before ||
    before.provider !== after.provider ||
    before.clientId !== after.clientId ||
    before.authUrl !== after.authUrl ||
    before.tokenUrl !== after.tokenUrl
  );
}

export const reenterPasswordMessage =
  'The server changed, so enter the password again: a stored password is only sent to the server it was entered for.';
export const reenterSmtpPasswordMessage =
  'The SMTP server changed, so enter the SMTP password again: a stored password is only sent to the server it was entered for.';
export const reenterClientSecretMessage =
  'The server or an OAuth endpoint changed, so enter the client secret again (and authorize once more, unless the mailbox has app-only access): stored secrets and tokens are only sent to the servers they were entered for.';

/**
 * A stored secret never follows a new host, port, protocol or weaker TLS: the update must bring it again.
 * Nothing is saved when it does not, so the stored secret stays with the server it was entered for.
 */
export function requireMovedSecrets(
  settings: MailboxSettings,
  before: MailboxSettings,
  {
    password,
    smtpPassword,
    current,
  }: {
    password?: string;
    smtpPassword?: string;
    current: { passwordSealed: string | null; smtpPasswordSealed: string | null };
  },
): void {
  const moved = movedSecrets(before, settings);
  if (moved.incoming && !password && current.passwordSealed)
    throw new AppError('validation', reenterPasswordMessage, {
      field: 'password',
      fields: [{ path: 'password', message: reenterPasswordMessage }],
    });
  if (moved.smtp && !smtpPassword && current.smtpPasswordSealed)
    throw new AppError('validation', reenterSmtpPasswordMessage, {
      field: 'smtp.password',
      fields: [{ path: 'smtp.password', message: reenterSmtpPasswordMessage }],
    });
}
