// For the connection test: what is wrong with an OAuth mailbox's grant in terms an owner can act
// on — a scope the provider did not grant, or a token for another account than the mailbox's.
import type { mailboxes } from '@/db/schema';
import { requiredScopes, type OAuthProvider } from './providers';

type GrantColumns = Pick<
  typeof mailboxes.$inferSelect,
  | 'email'
  | 'username'
  | 'protocol'
  | 'oauthProvider'
  | 'oauthScope'
  | 'oauthGrantedScopes'
  | 'oauthAccountEmail'
  | 'smtpHost'
  | 'smtpSameAsIncoming'
>;

export function oauthGrantProblem(row: GrantColumns): string | null {
  const granted = new Set((row.oauthGrantedScopes ?? '').split(/\s+/).filter(Boolean));
  if (granted.size > 0) {
    const provider = (row.oauthProvider ?? 'custom') as OAuthProvider;
    const asked = (row.oauthScope ?? '')
      .split(/\s+/)
      .filter((s) => s && !['offline_access', 'openid', 'email', 'profile'].includes(s));
    const needed = [
      ...new Set([
        ...requiredScopes(provider, row.protocol, Boolean(row.smtpHost && row.smtpSameAsIncoming)),
        ...asked,
      ]),
    ];
    const missing = needed.filter((s) => !granted.has(s));
    if (missing.length) {
      return `The access token lacks a needed scope: ${missing.join(', ')}. Add it to the scope (and, for your own app, to its API permissions), then use “Get authorization code” again.`;
    }
  }
  const account = row.oauthAccountEmail?.toLowerCase();
  if (account && account !== row.email.toLowerCase() && account !== row.username.toLowerCase()) {
    return `The authorization was given by ${account}, not by the mailbox’s address ${row.email}. Sign in as ${row.email} when you use “Get authorization code” again.`;
  }
  return null;
}
