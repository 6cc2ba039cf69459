// When an OAuth mailbox's credentials stop working, worked out from what we stored when we got them:
//
//   provider-given expiry   refresh_token_expires_in in the token response (Google time-limited grants)
//   Google "Testing" app    its refresh tokens die 7 days after issue (found when one was refused then)
//   Microsoft inactivity    a refresh token unused for 90 days expires (a polled mailbox renews it hourly)
//   client secret           the expiry date the owner entered (Entra ID secrets last 6–24 months)
//
// Home lists the ones due within WARN_WITHIN_DAYS; send-credential-warnings.ts mails owners and admins
// once per threshold of MAIL_THRESHOLDS_DAYS.
import type { MailboxRow } from './get-mailbox';

const DAY_MS = 24 * 3600_000;
export const GOOGLE_TESTING_LIFETIME_DAYS = 7;
export const MICROSOFT_INACTIVITY_DAYS = 90;
export const WARN_WITHIN_DAYS = 14;
/** A warning mail when the expiry comes within each of these (and one when it has passed). */
export const MAIL_THRESHOLDS_DAYS = [14, 3, 1, 0] as const;

export type CredentialKind = 'refresh-token' | 'testing-app' | 'microsoft-inactivity' | 'client-secret';

export type CredentialExpiry = {
  kind: CredentialKind;
  expiresAt: Date;
  /** What expires and what to do about it, for Home and the mail. */
  advice: string;
};

export type CredentialHealthColumns = Pick<
  MailboxRow,
  | 'protocol'
  | 'authMethod'
  | 'oauthProvider'
  | 'oauthRefreshTokenSealed'
  | 'oauthRefreshTokenIssuedAt'
  | 'oauthRefreshTokenUsedAt'
  | 'oauthRefreshTokenExpiresAt'
  | 'oauthTestingApp'
  | 'oauthClientSecretSealed'
  | 'oauthClientSecretExpiresAt'
>;

const reauthorize = 'Use “Get authorization code” on the mailbox’s page to sign in again before then.';

/** Every known expiry of the mailbox's credentials, soonest first. */
export function credentialExpiries(row: CredentialHealthColumns): CredentialExpiry[] {
  if (row.authMethod !== 'oauth') return [];
  const out: CredentialExpiry[] = [];
  if (row.oauthRefreshTokenSealed) {
    if (row.oauthRefreshTokenExpiresAt) {
      out.push({
        kind: 'refresh-token',
        expiresAt: row.oauthRefreshTokenExpiresAt,
        advice: `The provider said this authorization expires then${row.oauthTestingApp ? ' (the Google app is in “Testing”: publish it to stop this)' : ''}. ${reauthorize}`,
      });
    } else if (row.oauthTestingApp && row.oauthRefreshTokenIssuedAt) {
      out.push({
        kind: 'testing-app',
        expiresAt: new Date(row.oauthRefreshTokenIssuedAt.getTime() + GOOGLE_TESTING_LIFETIME_DAYS * DAY_MS),
        advice: `The Google app’s consent screen is in “Testing”, so Google ends its authorizations after ${GOOGLE_TESTING_LIFETIME_DAYS} days. Publish the app (Google Auth Platform → Audience → “Publish app”) so it keeps working; until then, ${reauthorize.charAt(0).toLowerCase()}${reauthorize.slice(1)}`,
      });
    }
    const lastUse = row.oauthRefreshTokenUsedAt ?? row.oauthRefreshTokenIssuedAt;
    if (row.oauthProvider === 'microsoft' && lastUse) {
      out.push({
        kind: 'microsoft-inactivity',
        expiresAt: new Date(lastUse.getTime() + MICROSOFT_INACTIVITY_DAYS * DAY_MS),
        advice: `Microsoft ends an authorization that goes unused for ${MICROSOFT_INACTIVITY_DAYS} days (a paused or failing mailbox does not use it). Resume the mailbox, or ${reauthorize.charAt(0).toLowerCase()}${reauthorize.slice(1)}`,
      });
    }
  }
  if (row.oauthClientSecretSealed && row.oauthClientSecretExpiresAt) {
    out.push({
      kind: 'client-secret',
      expiresAt: row.oauthClientSecretExpiresAt,
      advice: `${
        row.oauthProvider === 'microsoft'
          ? 'Create a new client secret (Entra ID → App registrations → Certificates & secrets)'
          : 'Create a new client secret at the provider'
      }, then enter it and its expiry date in ${
        row.protocol === 'graph' || row.protocol === 'gmail-api'
          ? 'the mailbox’s Settings, under “App registration”.'
          : 'the mailbox’s OAuth settings.'
      }`,
    });
  }
  return out.sort((a, b) => a.expiresAt.getTime() - b.expiresAt.getTime());
}

export type CredentialWarning = CredentialExpiry & { daysLeft: number };

/** The expiries due within WARN_WITHIN_DAYS (or already past), for Home and the mailbox page. */
export function credentialWarnings(row: CredentialHealthColumns, now: Date): CredentialWarning[] {
  return credentialExpiries(row)
    .map((e) => ({ ...e, daysLeft: Math.floor((e.expiresAt.getTime() - now.getTime()) / DAY_MS) }))
    .filter((e) => e.expiresAt.getTime() - now.getTime() <= WARN_WITHIN_DAYS * DAY_MS);
}

/** The tightest mail threshold an expiry has crossed, or null while it is further away than all of them. */
export function crossedThreshold(expiresAt: Date, now: Date): number | null {
  const left = expiresAt.getTime() - now.getTime();
  let crossed: number | null = null;
  for (const days of MAIL_THRESHOLDS_DAYS) if (left <= days * DAY_MS) crossed = days;
  return crossed;
}

/** "expires in 3 days", "expires tomorrow", "expired" — the words for Home and the mail. */
export function describeExpiry(w: { expiresAt: Date }, now: Date): string {
  const left = w.expiresAt.getTime() - now.getTime();
  const date = w.expiresAt.toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
  if (left <= 0) return `expired on ${date}`;
  const days = Math.floor(left / DAY_MS);
  if (days === 0) return `expires within a day (${date})`;
  return `expires in ${days} ${days === 1 ? 'day' : 'days'} (${date})`;
}

export const credentialLabel: Record<CredentialKind, string> = {
  'refresh-token': 'The OAuth authorization',
  'testing-app': 'The OAuth authorization (Google app in “Testing”)',
  'microsoft-inactivity': 'The OAuth authorization (unused for too long)',
  'client-secret': 'The OAuth client secret',
};
