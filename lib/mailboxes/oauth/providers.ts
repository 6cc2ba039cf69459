// OAuth 2.0 provider presets for mailboxes: endpoints, scopes and the mail servers that go with them.
// Every value is only a default: the owner can edit the URLs (e.g. a Microsoft directory tenant
// instead of `common`) and the scope.

export const oauthProviders = ['google', 'microsoft', 'custom'] as const;
export type OAuthProvider = (typeof oauthProviders)[number];

export type OAuthProviderPreset = {
  label: string;
  authUrl: string;
  tokenUrl: string;
  scope: string;
  /** Extra authorization-request parameters the provider needs to hand out a refresh token. */
  authParams: Record<string, string>;
  imaps: { host: string; port: number };
  pop3s: { host: string; port: number };
  smtp: { host: string; port: number; security: 'tls' | 'starttls' };
};

export const GOOGLE_MAIL_SCOPE = 'https://mail.google.com/';
export const MICROSOFT_SCOPES = {
  imap: 'https://outlook.office.com/IMAP.AccessAsUser.All',
  pop: 'https://outlook.office.com/POP.AccessAsUser.All',
  smtp: 'https://outlook.office.com/SMTP.Send',
} as const;

export const oauthPresets: Record<Exclude<OAuthProvider, 'custom'>, OAuthProviderPreset> = {
  google: {
    label: 'Google (Gmail, Google Workspace)',
    authUrl: 'https://accounts.google.com/o/oauth2/v2/auth',
    tokenUrl: 'https://oauth2.googleapis.com/token',
    scope: GOOGLE_MAIL_SCOPE,
    // Google returns a refresh token only for offline access, and again only when consent is shown.
    authParams: { access_type: 'offline', prompt: 'consent' },
    imaps: { host: 'imap.gmail.com', port: 993 },
    pop3s: { host: 'pop.gmail.com', port: 995 },
    smtp: { host: 'smtp.gmail.com', port: 465, security: 'tls' },
  },
  microsoft: {
    label: 'Microsoft 365 / Outlook.com',
    authUrl: 'https://login.microsoftonline.com/common/oauth2/v2.0/authorize',
    tokenUrl: 'https://login.microsoftonline.com/common/oauth2/v2.0/token',
    scope: `${MICROSOFT_SCOPES.imap} ${MICROSOFT_SCOPES.pop} ${MICROSOFT_SCOPES.smtp} offline_access`,
    // The refresh token comes from the offline_access scope; no extra parameter is needed.
    authParams: {},
    imaps: { host: 'outlook.office365.com', port: 993 },
    pop3s: { host: 'outlook.office365.com', port: 995 },
    smtp: { host: 'smtp.office365.com', port: 587, security: 'starttls' },
  },
};

export function oauthPreset(provider: OAuthProvider): OAuthProviderPreset | null {
  return provider === 'custom' ? null : oauthPresets[provider];
}

/** Issuer identifiers oauth4webapi compares an ID token's `iss` with (only when the owner added `openid`). */
export function oauthIssuer(provider: OAuthProvider, authUrl: string): string {
  if (provider === 'google') return 'https://accounts.google.com';
  const url = new URL(authUrl);
  if (provider === 'microsoft') {
    const directory = url.pathname.split('/').filter(Boolean)[0] ?? 'common';
    return `${url.origin}/${directory}/v2.0`;
  }
  return url.origin;
}

/** Scopes the mailbox needs for its protocol (and SMTP when it sends with the same sign-in), for the connection test. */
export function requiredScopes(provider: OAuthProvider, protocol: string, smtpWithOAuth: boolean): string[] {
  // The mail APIs ask exactly for what they need (lib/mailboxes/create-api-mailbox.ts): the asked scope is the check.
  if (protocol === 'graph' || protocol === 'gmail-api') return [];
  if (provider === 'google') return [GOOGLE_MAIL_SCOPE];
  if (provider === 'microsoft') {
    return [
      protocol.startsWith('pop3') ? MICROSOFT_SCOPES.pop : MICROSOFT_SCOPES.imap,
      ...(smtpWithOAuth ? [MICROSOFT_SCOPES.smtp] : []),
    ];
  }
  return [];
}
